using System.Text.RegularExpressions;

namespace GapTools.Testing;

/// <summary>Checks of a tool's pinned ConfigurationKeys.txt against its options types and against its README's tables.</summary>
public static partial class ConfigurationKeysCheck
{
    /// <summary>Null when the pinned patterns are exactly <paramref name="bound"/>; else the difference and the file to paste.</summary>
    public static string? OptionsDifference(IEnumerable<string> pinned, IEnumerable<string> bound, string tool)
    {
        var expected = bound.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var actual = pinned.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return actual.SetEquals(expected) ? null :
            $"src/{tool}/Configuration/ConfigurationKeys.txt differs from the options. Missing: "
            + string.Join(", ", expected.Except(actual)) + "; not bound: " + string.Join(", ", actual.Except(expected))
            + ". Its keys should be:\n" + OptionsKeyPatterns.FileText(expected);
    }

    /// <summary>The pinned keys (but subtrees read by others, <c>AWS:**</c>) without a table row in src/<paramref name="tool"/>/README.md.</summary>
    public static IReadOnlyList<string> UndocumentedInReadme(IEnumerable<string> pinned, string tool)
    {
        var readme = Path.Combine(ToolProcess.RepositoryRoot, "src", tool, "README.md");
        var rows = File.ReadLines(readme).Where(line => line.StartsWith('|')).ToList();

        return [.. pinned
            .Where(pattern => !pattern.EndsWith("**", StringComparison.Ordinal))
            .Where(pattern => !rows.Any(row => Documents(row, pattern)))];
    }

    /// <summary>
    /// A row documents <c>Batch:MaxObjects</c> when it names the key's first section and its last name in backticks:
    /// the whole key, or keys grouped on one row (<c>`SinkOutage:MaxHold`, `ProbeDelay`</c>). A <c>*</c> (list index,
    /// dictionary key) may read <c>N</c> or <c>&lt;name&gt;</c>.
    /// </summary>
    private static bool Documents(string row, string pattern)
    {
        var segments = pattern.Split(':');
        var leaf = segments[^1] == "*" ? segments[^2] : segments[^1];
        var tokens = Backticked().Matches(row).Select(m => m.Groups[1].Value.Split(':')).ToList();
        var sectionNamed = tokens.Any(token => string.Equals(token[0], segments[0], StringComparison.OrdinalIgnoreCase));
        var leafNamed = tokens.Any(token => token.Contains(leaf, StringComparer.OrdinalIgnoreCase));
        return sectionNamed && leafNamed;
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}

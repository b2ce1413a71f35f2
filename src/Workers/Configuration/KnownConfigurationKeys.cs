using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace GapTools.Workers.Configuration;

/// <summary>
/// The keys a tool reads under its configuration section, as patterns relative to it: <c>Batch:MaxObjects</c>, a
/// <c>*</c> segment for a list index or dictionary key (<c>Targets:*:Table</c>), a final <c>**</c> for a subtree read
/// by someone else (<c>AWS:**</c>, the AWS SDK's own section). A tool pins them in a <c>ConfigurationKeys.txt</c>
/// beside its options, as the public API files pin its types; a test keeps the file equal to the options types.
/// </summary>
/// <remarks>
/// A typo in a key is otherwise silently ignored (the binder skips what it does not know) and the default applies:
/// the tool runs, differently from what its operator wrote.
/// </remarks>
public sealed class KnownConfigurationKeys
{
    private readonly string[][] patterns;

    private KnownConfigurationKeys(IReadOnlyList<string> patterns)
    {
        Patterns = patterns;
        this.patterns = [.. patterns.Select(p => p.Split(':'))];
    }

    /// <summary>The patterns, in file order.</summary>
    public IReadOnlyList<string> Patterns { get; }

    /// <summary>One pattern per line; blank lines and <c>#</c> comments are skipped.</summary>
    public static KnownConfigurationKeys Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new([.. text.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))]);
    }

    /// <summary>Reads the patterns from a manifest resource of <paramref name="assembly"/> (a NativeAOT-safe lookup).</summary>
    public static KnownConfigurationKeys FromResource(Assembly assembly, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no resource {resourceName}.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>Whether <paramref name="relativeKey"/> (<c>Targets:0:Table</c>) is read by the tool (case-insensitive, as configuration keys are).</summary>
    public bool IsKnown(string relativeKey)
    {
        ArgumentNullException.ThrowIfNull(relativeKey);
        var segments = relativeKey.Split(':');
        return patterns.Any(pattern => Matches(pattern, segments));
    }

    /// <summary>
    /// One message per key with a value under <paramref name="section"/> that the tool does not read, naming its full
    /// key and the nearest key it does read (<c>S3ToRedshift:Batch:MaxObjets is not a key S3ToRedshift reads; did
    /// you mean S3ToRedshift:Batch:MaxObjects?</c>).
    /// </summary>
    public IEnumerable<string> FindUnknown(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true).OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (value is null || key.Length == 0 || IsKnown(key))
            {
                continue;
            }

            var hint = KeySuggestion.For(key.Split(':'), patterns) is { } nearest
                ? $"; did you mean {section.Path}:{nearest}?"
                : ".";
            yield return $"{section.Path}:{key} is not a key {section.Key} reads{hint}";
        }
    }

    private static bool Matches(string[] pattern, string[] segments)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == "**")
            {
                return segments.Length > i;
            }

            if (i >= segments.Length || (pattern[i] != "*" && !string.Equals(pattern[i], segments[i], StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        return segments.Length == pattern.Length;
    }
}

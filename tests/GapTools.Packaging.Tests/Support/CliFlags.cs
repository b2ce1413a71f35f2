using System.Text.RegularExpressions;
using GapTools.Testing;

namespace GapTools.Packaging.Tests.Support;

/// <summary>
/// The flags a tool's own build output accepts, read from what it prints for <c>--help</c> (and its subcommands'
/// help): the option names at the start of the help's option lines. The CLIs are built beside this project
/// (build-only project references) and run as <c>dotnet tool.dll</c>.
/// </summary>
internal static partial class CliFlags
{
    /// <summary>The tool (assembly name) → its project under src/.</summary>
    public static readonly IReadOnlyDictionary<string, string> Projects = new Dictionary<string, string>
    {
        ["s3-to-redshift"] = "S3ToRedshift.Cli",
        ["s3-to-cloudsearch"] = "S3ToCloudSearch.Cli",
        ["ssmwrap"] = "SsmWrap.Cli",
    };

    /// <summary>Every flag <paramref name="tool"/> prints in its help; for <paramref name="subcommand"/>, that command's.</summary>
    public static async Task<IReadOnlySet<string>> OfAsync(string tool, string? subcommand = null)
    {
        string[] args = tool == "ssmwrap" ? ["-help"] : subcommand is null ? ["--help"] : [subcommand, "--help"];
        using var process = ToolProcess.Start(Projects[tool], tool, new Dictionary<string, string>(), args);
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"{tool} {string.Join(' ', args)} exited {exit}:\n{process.Output}");
        var flags = OptionLine().Matches(process.Output)
            .SelectMany(m => FlagToken().Matches(m.Groups["names"].Value).Select(f => f.Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(flags.Count > 3, $"{tool}: no flags read from its help:\n{process.Output}");
        return flags;
    }

    /// <summary>The flag-looking tokens of <paramref name="text"/>: <c>-x</c>, <c>--word</c>, <c>-two-words</c>.</summary>
    public static IEnumerable<string> In(string text) => FlagToken().Matches(text).Select(m => m.Value);

    // An option line of a help text: indented, starting with the option's names ("  -?, -h, --help   Show help").
    [GeneratedRegex(@"^\s+(?<names>-[^\s<]*(?:,\s*-[^\s<]*)*)", RegexOptions.Multiline)]
    private static partial Regex OptionLine();

    [GeneratedRegex(@"(?<![\w\-/.:=])--?[A-Za-z?][A-Za-z0-9\-]*")]
    private static partial Regex FlagToken();
}

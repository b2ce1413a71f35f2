using GapTools.Core.Logging;
using GapTools.SsmWrap.Mapping;
using GapTools.SsmWrap.Targets;

namespace GapTools.SsmWrap;

/// <summary>
/// What a load produced: environment variables, and files not yet written (<see cref="WriteFiles"/>).
/// <see cref="ToString"/> and <see cref="DescribeMasked"/> never show values.
/// </summary>
public sealed class SsmLoadResult
{
    private readonly IReadOnlyList<Export> _exports;

    internal SsmLoadResult(IReadOnlyList<Export> exports, int parameterCount, int apiCalls)
    {
        _exports = exports;
        ParameterCount = parameterCount;
        ApiCalls = apiCalls;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var export in exports.Where(e => e.Target is not FileTarget))
        {
            export.Target.Export(export.Value, variables);
        }

        Variables = variables;
        Files = [.. exports.Select(e => e.Target).OfType<FileTarget>().Select(f => f.Path)];
    }

    /// <summary>Environment variable name → value.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>Full paths of the files <see cref="WriteFiles"/> writes.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Parameters fetched from SSM.</summary>
    public int ParameterCount { get; }

    /// <summary>SSM API calls made (retries not counted).</summary>
    public int ApiCalls { get; }

    /// <summary>Writes every file atomically (temporary file, fsync, rename) with its mode and owner.</summary>
    /// <exception cref="SsmWrapException">A directory is missing or a file cannot be written.</exception>
    public void WriteFiles()
    {
        var unused = new Dictionary<string, string>();
        foreach (var export in _exports.Where(e => e.Target is FileTarget))
        {
            export.Target.Export(export.Value, unused);
        }
    }

    /// <summary>One line per variable and file with the value masked and the parameter it came from.</summary>
    public IReadOnlyList<string> DescribeMasked() =>
        [.. _exports.OrderBy(e => e.Target is FileTarget).ThenBy(e => e.Target.Address, StringComparer.Ordinal).Select(e => e.ToString())];

    /// <summary>Counts only.</summary>
    public override string ToString() =>
        $"{Counted.Of(Variables.Count, "variable")} and {Counted.Of(Files.Count, "file")} from {Counted.Of(ParameterCount, "parameter")} ({Counted.Of(ApiCalls, "SSM call")})";
}

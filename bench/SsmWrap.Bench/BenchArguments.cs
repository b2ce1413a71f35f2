using System.Globalization;

namespace GapTools.SsmWrap.Bench;

/// <summary>A binary to measure, by label (<c>AOT</c>, <c>JIT</c>, <c>Go v2.2.0</c>); <paramref name="Peer"/> for the Go ssmwrap v2.</summary>
internal sealed record Build(string Label, string Path, bool Peer = false);

/// <summary><c>--aot PATH --jit PATH [--peer PATH] [--runs N] [--warmup N] [--hyperfine PATH]</c>.</summary>
internal sealed record BenchArguments
{
    public required Build Aot { get; init; }

    public required Build Jit { get; init; }

    /// <summary>The Go peer (handlename/ssmwrap v2.2.0, <c>$PEERS_BIN/ssmwrap2</c>): the baseline when given, else the JIT build is.</summary>
    public Build? Peer { get; init; }

    public int Runs { get; init; } = 30;

    public int Warmup { get; init; } = 3;

    /// <summary>hyperfine's path, to cross-check wall times of the path scenario; null to skip.</summary>
    public string? Hyperfine { get; init; }

    public const string PeerLabel = "Go v2.2";

    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var value) && File.Exists(value)
            ? System.IO.Path.GetFullPath(value)
            : throw new ArgumentException($"{name} PATH is required and must name an existing binary");

        int Count(string name, int fallback) => values.TryGetValue(name, out var text)
            ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)
            : fallback;

        return new BenchArguments
        {
            Aot = new Build("AOT", Required("--aot")),
            Jit = new Build("JIT", Required("--jit")),
            Peer = values.ContainsKey("--peer") ? new Build(PeerLabel, Required("--peer"), Peer: true) : null,
            Runs = Math.Max(1, Count("--runs", 30)),
            Warmup = Count("--warmup", 3),
            Hyperfine = values.GetValueOrDefault("--hyperfine"),
        };
    }
}

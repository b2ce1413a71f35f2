using System.Globalization;

namespace GapTools.S3ToRedshift.Bench;

/// <summary>The command line and environment: which loaders run and how many objects each strategy gets.</summary>
internal sealed record BenchSettings(LoaderTool Ours, LoaderTool? Rin, int BatchedObjects, int CostlyPerObjectObjects, int FreePerObjectObjects)
{
    /// <summary>
    /// <c>--tool PATH</c> (default: the NativeAOT binary in artifacts/aot if published, else the Release build's dll),
    /// <c>--quick</c> (fewer objects); Rin from <c>$PEERS_BIN/rin</c>. One COPY per object under the cost model takes
    /// about a second each, so that strategy gets few objects there: rates, not totals, are compared.
    /// </summary>
    public static BenchSettings Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var toolIndex = Array.IndexOf(args, "--tool");
        var ours = LoaderTool.Ours(toolIndex >= 0 && toolIndex + 1 < args.Length ? args[toolIndex + 1] : DefaultTool());
        var peers = Environment.GetEnvironmentVariable("PEERS_BIN");
        var rin = peers is { Length: > 0 } && File.Exists(Path.Combine(peers, "rin")) ? LoaderTool.Rin(Path.Combine(peers, "rin")) : null;
        return quick ? new(ours, rin, 500, 8, 100) : new(ours, rin, 2_000, 20, 300);
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"""
        cores={Environment.ProcessorCount}; ours: {Ours.Path}; Rin: {Rin?.Path ?? "not run (set PEERS_BIN to a folder with rin)"}
        objects of 10 JSON rows: batched {BatchedObjects}, one COPY per object {CostlyPerObjectObjects} with the cost model and {FreePerObjectObjects} without
        """);

    private static string DefaultTool()
    {
        var root = RepositoryRoot();
        var aot = Path.Combine(root, "artifacts", "aot", "s3-to-redshift", "s3-to-redshift");
        return File.Exists(aot) ? aot : Path.Combine(root, "src", "S3ToRedshift.Cli", "bin", "Release", "net10.0", "s3-to-redshift.dll");
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "GapTools.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("GapTools.sln not found above " + AppContext.BaseDirectory);
    }
}

using GapTools.Bench;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using GapTools.LocalAws;
using GapTools.LocalAws.CloudSearch;

namespace GapTools.S3ToCloudSearch.Bench;

/// <summary>
/// The tool end to end: LocalAws (S3 + CloudSearch, in this process) holds one large JSON lines object; the
/// s3-to-cloudsearch CLI (Release build, its own process) backfills it. Reports input MB/s over the wall time,
/// batch fill ratio from the sizes CloudSearch accepted, and the tool's peak RSS (VmHWM).
/// </summary>
public static class ToolRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var megabytes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1024;
        await using var server = await LocalAwsServer.StartAsync();
        server.State.S3.CreateBucket("bench");
        var data = JsonLines(megabytes * 1024L * 1024L, distinctIds: 10_000);
        server.State.S3.PutObject("bench", "feed/big.json", data);
        var documents = data.AsSpan().Count((byte)'\n');
        Console.WriteLine(Invariant($"object: {data.Length / 1048576.0:F0} MiB, {documents:N0} documents (~2 KB each)"));

        var (exit, elapsed, peakRss, cpu) = await RunToolAsync(server);
        var sizes = server.State.CloudSearch.Domain(CloudSearchStore.DefaultDomain).BatchSizes.ToArray();
        var full = sizes.Length > 1 ? sizes[..^1] : sizes;
        Console.WriteLine(Invariant($"exit code: {exit}"));
        Console.WriteLine(Invariant($"wall time: {elapsed.TotalSeconds:F1} s -> {data.Length / 1048576.0 / elapsed.TotalSeconds:F1} MiB/s end to end (tool + LocalAws on the same cores)"));
        Console.WriteLine(Invariant($"tool CPU time: {cpu.TotalSeconds:F1} s (user + system) -> {data.Length / 1048576.0 / cpu.TotalSeconds:F1} MiB per CPU-second"));
        Console.WriteLine(Invariant($"batches: {sizes.Length}, fill ratio {full.Average() / SdfBatchValidatorLimit:P2} of 5,242,880 bytes (lowest {full.Min() / SdfBatchValidatorLimit:P2}, last batch excluded)"));
        Console.WriteLine(Invariant($"peak RSS of the tool: {peakRss / 1048576.0:F1} MiB"));
        return exit;
    }

    private const double SdfBatchValidatorLimit = 5 * 1024 * 1024;

    private static async Task<(int Exit, TimeSpan Elapsed, long PeakRss, TimeSpan Cpu)> RunToolAsync(LocalAwsServer server)
    {
        // GAPTOOLS_S3TOCLOUDSEARCH_BINARY: a native (AOT) binary instead of the Release build's dll.
        var binary = Environment.GetEnvironmentVariable("GAPTOOLS_S3TOCLOUDSEARCH_BINARY") is { Length: > 0 } native ? native : null;
        var start = new ProcessStartInfo(binary ?? "dotnet") { UseShellExecute = false };
        foreach (var arg in (binary is null ? new[] { ToolPath() } : []).Concat(
        [
            "backfill", "s3://bench/feed/",
            "--set", $"S3ToCloudSearch:AWS:ServiceURL={server.ServiceUrl}",
            "--set", "S3ToCloudSearch:AWS:Region=us-east-1",
            "--set", $"S3ToCloudSearch:DocumentEndpoint={CloudSearchStore.DocumentEndpoint(server.ServiceUrl, CloudSearchStore.DefaultDomain)}",
        ]))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        long peak = 0;
        var cpu = TimeSpan.Zero;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, ProcStatus.PeakRss(process.Id));
            cpu = ProcStatus.Cpu(process.Id) is { } used && used > cpu ? used : cpu;
            await Task.Delay(20);
        }

        await process.WaitForExitAsync();
        return (process.ExitCode, clock.Elapsed, peak, cpu);
    }

    // Lines like a product feed: canonical SDF adds of ~2 KB, ids cycling so the emulator keeps few documents.
    internal static byte[] JsonLines(long bytes, int distinctIds) => JsonLines(bytes, distinctIds, 0, out _);

    /// <summary>Lines of ~2 KB; ids count up from <paramref name="firstId"/>, modulo <paramref name="distinctIds"/>.</summary>
    internal static byte[] JsonLines(long bytes, int distinctIds, int firstId, out int lineCount)
    {
        var template = Encoding.UTF8.GetBytes(
            """{"type":"add","id":"item-0000000","fields":{"title":"Glass orbit","description":"BODY","year":2001,"genres":["drama","storm"]}}"""
                .Replace("BODY", string.Concat(Enumerable.Repeat("quiet river light über 東京 ", 70)), StringComparison.Ordinal) + "\n");
        var idAt = Encoding.UTF8.GetString(template).IndexOf("0000000", StringComparison.Ordinal);
        var lines = bytes / template.Length;
        lineCount = (int)lines;
        var data = new byte[lines * template.Length];
        for (var i = 0; i < lines; i++)
        {
            var line = data.AsSpan((int)(i * template.Length), template.Length);
            template.CopyTo(line);
            var id = (int)((firstId + (long)i) % distinctIds);
            for (var d = 6; d >= 0; d--, id /= 10)
            {
                line[idAt + d] = (byte)('0' + (id % 10));
            }
        }

        return data;
    }

    internal static string ToolPath()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "GapTools.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root!.FullName, "src", "S3ToCloudSearch.Cli", "bin", here.Parent!.Name, here.Name, "s3-to-cloudsearch.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/S3ToCloudSearch.Cli first.", path);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

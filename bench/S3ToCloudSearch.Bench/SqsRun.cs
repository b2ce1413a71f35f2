using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using GapTools.Bench;
using GapTools.LocalAws;
using GapTools.LocalAws.CloudSearch;
using GapTools.LocalAws.S3;

namespace GapTools.S3ToCloudSearch.Bench;

/// <summary>
/// End to end through SQS, as the tool runs in production: objects are put into a LocalAws bucket (in this process)
/// whose object-created notifications go to a queue; then the real s3-to-cloudsearch process drains that queue in
/// <c>--batch</c> mode with its default settings. The baseline is fujiwara/s32cs v1.2.0 (<c>s32cs-sqs</c>) when
/// <c>PEERS_BIN</c> names a folder holding it, else our own tool made to upload the way s32cs does (one message at a
/// time, each object's documents uploaded as soon as the object is read: no batch shared between objects). Each side
/// gets its own bucket, queue and domain. Reports wall time (spawn to exit), uploads, batch fill, CPU-s and peak RSS
/// (VmHWM) of the tool, and LocalAws's RSS (this process) during the run.
/// </summary>
public static class SqsRun
{
    private const double MaxBatch = 5 * 1024 * 1024;

    // s32cs's strategy: one message at a time, its object's documents uploaded as soon as it is read.
    private static readonly string[] NaiveSettings =
    [
        "--set", "S3ToCloudSearch:Sqs:Consumer:MaxInFlight=1", "--set", "S3ToCloudSearch:Sqs:Consumer:ReceiveConcurrency=1",
        "--set", "S3ToCloudSearch:MaxBatchWait=00:00:00",
    ];

    private sealed record Scenario(string Name, string Work, int Objects, long ObjectBytes, string Goal, double GoalRatio);

    private static readonly Scenario[] Scenarios =
    [
        new("small", "s3-to-cloudsearch, 300 objects × 40 KB via SQS (--batch)", 300, 40 * 1024, "≥ 2× faster, batches ≥ 95 % full", 2.0),
        new("medium", "s3-to-cloudsearch, 12 objects × 4 MB via SQS (--batch)", 12, 4 * 1024 * 1024, "≥ 2× faster", 2.0),
        new("large", "s3-to-cloudsearch, 1 GiB JSON lines object via SQS (--batch)", 1, 1024L * 1024 * 1024, "≥ 2× faster", 2.0),
    ];

    private sealed record Side(string Label, int Exit, TimeSpan Wall, TimeSpan Cpu, long PeakRss, long Uploads, double Fill, double LowestFill,
        int Documents, int Left, long LocalAwsRssBefore, long LocalAwsRssPeak);

    public static async Task<int> RunAsync(string[] args)
    {
        var wanted = args.Skip(1).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var peer = Environment.GetEnvironmentVariable("PEERS_BIN") is { Length: > 0 } bin && File.Exists(Path.Combine(bin, "s32cs-sqs"))
            ? Path.Combine(bin, "s32cs-sqs")
            : null;
        Console.WriteLine(peer is null
            ? "baseline: no PEERS_BIN with s32cs-sqs; our tool uploading the way s32cs does (MaxInFlight 1, MaxBatchWait 0: one message at a time, no batch shared between objects)"
            : $"baseline: s32cs v1.2.0 ({peer})");
        Console.WriteLine($"ours: {string.Join(' ', OurCommand())}");
        await using var server = await LocalAwsServer.StartAsync();
        var failures = 0;
        var label = Environment.GetEnvironmentVariable("BENCH_LABEL") ?? "";
        foreach (var scenario in Scenarios.Where(s => wanted.Count == 0 || wanted.Contains(s.Name)))
        {
            var objects = Objects(scenario);
            Console.WriteLine(Invariant($"==> {scenario.Work}: {objects.Count} object(s), {objects.Sum(o => (long)o.Length) / 1048576.0:F1} MiB, {objects.Sum(o => o.AsSpan().Count((byte)'\n')):N0} documents"));
            var baseline = await RunSideAsync(server, scenario, objects, peer is null ? "naive" : "s32cs", peer);
            var ours = await RunSideAsync(server, scenario, objects, "ours", null);
            failures += ours.Exit == 0 && ours.Left == 0 ? 0 : 1;
            var ratio = baseline.Wall / ours.Wall;
            var fillOk = scenario.Name != "small" || ours.Fill >= 0.95;
            var baselineName = peer is null ? "naive (one object per upload)" : "s32cs v1.2.0";
            BenchRow.Compare(
                scenario.Work + label,
                Invariant($"{ours.Wall.TotalSeconds:F2} s, {ours.Uploads} uploads ({ours.Fill:P1} full), {ours.Cpu.TotalSeconds:F1} CPU-s, {ours.PeakRss / 1048576.0:F0} MB"),
                Invariant($"{baselineName} {baseline.Wall.TotalSeconds:F2} s, {baseline.Uploads} uploads, {baseline.Cpu.TotalSeconds:F1} CPU-s, {baseline.PeakRss / 1048576.0:F0} MB"),
                ratio, "faster", scenario.Goal, ratio >= scenario.GoalRatio && fillOk).Write();
            if (scenario.Name == "large")
            {
                var rssMb = ours.PeakRss / 1048576.0;
                BenchRow.Compare(
                    "s3-to-cloudsearch, peak RSS on a 1 GiB object via SQS" + label,
                    Invariant($"{rssMb:F0} MB"),
                    Invariant($"{baselineName} {baseline.PeakRss / 1048576.0:F0} MB"),
                    baseline.PeakRss / (double)ours.PeakRss, "smaller", "≤ 64 MB", rssMb <= 64).Write();
            }

            foreach (var key in server.State.S3.List($"bench-{scenario.Name}-ours").Concat(server.State.S3.List($"bench-{scenario.Name}-{baseline.Label}")).ToList())
            {
                server.State.S3.DeleteObject(key.Bucket, key.Key);
            }

            objects.Clear();
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        return failures == 0 ? 0 : 1;
    }

    private static async Task<Side> RunSideAsync(LocalAwsServer server, Scenario scenario, List<byte[]> objects, string label, string? peer)
    {
        var name = $"bench-{scenario.Name}-{label}";
        server.State.Sqs.CreateQueue(name);
        server.State.CloudSearch.CreateDomain(name);
        using (var s3 = server.CreateS3Client())
        using (var sqs = server.CreateSqsClient())
        {
            await s3.PutBucketAsync(name);
            await s3.PutBucketNotificationAsync(new PutBucketNotificationRequest
            {
                BucketName = name,
                QueueConfigurations = [new QueueConfiguration { Queue = server.State.Sqs.QueueArn(name), Events = ["s3:ObjectCreated:*"] }],
            });
            // The s3:TestEvent S3 sends on configuration: not part of the work.
            var url = server.State.Sqs.QueueUrl(server.ServiceUrl, name);
            while ((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 0 })).Messages is { Count: > 0 } messages)
            {
                foreach (var message in messages)
                {
                    await sqs.DeleteMessageAsync(url, message.ReceiptHandle);
                }
            }
        }

        for (var i = 0; i < objects.Count; i++)
        {
            server.State.S3.PutObject(name, Invariant($"feed/{i:D5}.json"), objects[i]);
        }

        var queued = server.State.Sqs.Snapshot(name).Visible;
        if (queued != objects.Count)
        {
            throw new InvalidOperationException($"{queued} notifications queued for {objects.Count} objects");
        }

        var endpoint = CloudSearchStore.DocumentEndpoint(server.ServiceUrl, name).ToString();
        var start = peer is not null
            ? Command([peer, "-queue", server.State.Sqs.QueueUrl(server.ServiceUrl, name), "-default-endpoint", endpoint])
            : Command([.. OurCommand(), "--batch",
                "--set", $"S3ToCloudSearch:Sqs:Queue={name}",
                "--set", $"S3ToCloudSearch:DocumentEndpoint={endpoint}",
                "--set", $"S3ToCloudSearch:AWS:ServiceURL={server.ServiceUrl}",
                "--set", "S3ToCloudSearch:AWS:Region=us-east-1",
                "--log-level", Environment.GetEnvironmentVariable("BENCH_VERBOSE") is { Length: > 0 } ? "debug" : "warning",
                "--log-format", "json",
                .. label == "naive"
                    ? NaiveSettings
                    : []]);
        start.Environment["AWS_ENDPOINT_URL"] = server.ServiceUrl.ToString().TrimEnd('/');
        var rssBefore = ProcStatus.Bytes(Environment.ProcessId, "VmRSS:");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        long peak = 0, localAwsPeak = rssBefore;
        var cpu = TimeSpan.Zero;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, ProcStatus.Bytes(process.Id, "VmHWM:"));
            localAwsPeak = Math.Max(localAwsPeak, ProcStatus.Bytes(Environment.ProcessId, "VmRSS:"));
            cpu = ProcStatus.Cpu(process.Id) is { } used && used > cpu ? used : cpu;
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                process.Kill(entireProcessTree: true);
            }

            await Task.Delay(10);
        }

        await process.WaitForExitAsync();
        var wall = clock.Elapsed;
        var errors = await stderr;
        await stdout;
        var domain = server.State.CloudSearch.Domain(name);
        var sizes = domain.BatchSizes.ToArray();
        // The fill of every batch but the smallest (the one partial batch a run ends with).
        var full = sizes.Length > 1 ? sizes.Order().Skip(1).ToArray() : sizes;
        var side = new Side(label, process.ExitCode, wall, cpu, peak, domain.AcceptedBatches + domain.RejectedBatches,
            full.Length == 0 ? 0 : full.Average() / MaxBatch, full.Length == 0 ? 0 : full.Min() / MaxBatch,
            domain.Documents.Count, server.State.Sqs.Snapshot(name).Total, rssBefore, localAwsPeak);
        Console.WriteLine(Invariant(
            $"    {label,-6} exit {side.Exit}, wall {side.Wall.TotalSeconds:F2} s, {side.Uploads} uploads (fill {side.Fill:P1}, lowest {side.LowestFill:P1}, smallest excluded), tool CPU {side.Cpu.TotalSeconds:F1} s, tool peak RSS {side.PeakRss / 1048576.0:F1} MiB, {side.Documents:N0} documents indexed, {side.Left} messages left; LocalAws RSS {side.LocalAwsRssBefore / 1048576.0:F0} → peak {side.LocalAwsRssPeak / 1048576.0:F0} MiB"));
        if (side.Exit != 0 || side.Left != 0 || Environment.GetEnvironmentVariable("BENCH_VERBOSE") is { Length: > 0 })
        {
            Console.WriteLine("    stderr: " + (Environment.GetEnvironmentVariable("BENCH_VERBOSE") is { Length: > 0 } ? errors : errors[..Math.Min(errors.Length, 2000)]));
        }

        return side;
    }

    private static ProcessStartInfo Command(string[] argv)
    {
        var start = new ProcessStartInfo(argv[0]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        return start;
    }

    // GAPTOOLS_S3TOCLOUDSEARCH_BINARY: a native (AOT) binary to run instead of the Release build's dll.
    private static string[] OurCommand() =>
        Environment.GetEnvironmentVariable("GAPTOOLS_S3TOCLOUDSEARCH_BINARY") is { Length: > 0 } binary ? [binary] : ["dotnet", ToolRun.ToolPath()];

    // Objects of JSON lines, ~2 KB canonical SDF adds, every id distinct across the scenario.
    private static List<byte[]> Objects(Scenario scenario)
    {
        var objects = new List<byte[]>();
        var next = 0;
        for (var i = 0; i < scenario.Objects; i++)
        {
            objects.Add(ToolRun.JsonLines(scenario.ObjectBytes, int.MaxValue, next, out var lines));
            next += lines;
        }

        return objects;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

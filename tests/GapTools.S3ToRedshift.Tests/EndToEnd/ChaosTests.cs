using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using GapTools.LocalAws;
using GapTools.LocalAws.Faults;
using Npgsql;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>
/// Four <c>s3-to-redshift</c> processes on one queue while, for about 75 s, workers are killed (SIGKILL) and
/// restarted, 10 % of SQS and S3 calls answer 500, every S3 event is delivered twice and the Redshift stand-in drops
/// connections in the middle of COPYs. Once the chaos stops and the workers drain, the table must hold every source
/// row exactly once, the queue and the DLQ must be empty and every worker must stop cleanly on SIGTERM.
/// </summary>
public sealed class ChaosTests(PostgresFixture postgres)
{
    private const int Objects = 300;
    private const int RowsPerObject = 2;
    private const int WorkerCount = 4;
    private const int MaxKills = 16;
    private const double FaultRate = 0.1;

    private static readonly TimeSpan ChaosLength = TimeSpan.FromSeconds(75);
    private static readonly TimeSpan ProductionLength = TimeSpan.FromSeconds(65);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 300_000)]
    public async Task A_chaos_run_with_killed_workers_injected_errors_and_duplicates_loses_and_duplicates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("GAPTOOLS_CHAOS_SEED"), CultureInfo.InvariantCulture, out var pinned) ? pinned : Environment.TickCount;
        var random = new Random(seed);
        var log = new ChaosLog();
        var clock = Stopwatch.StartNew();
        log.Add("chaos", $"seed {seed}");

        // High enough that chaos alone (kills, 5xx, drops) cannot dead-letter a message.
        await using var world = await WorkerHarness.StartAsync(postgres, maxReceiveCount: 10);

        // Every event delivered twice, as SQS's at-least-once delivery may: the same S3 notification body, two messages.
        // Every other second copy comes up to 3 s later, so it meets the first in another batch (or worker), often after
        // its commit (the load log's skip, or the guard's conflict), not only in the same receive.
        var stats = new ChaosStats();
        var deliver = world.Server.State.S3.NotificationSink ?? throw new InvalidOperationException("LocalAws delivers no S3 notifications");
        var lateCopies = new System.Collections.Concurrent.ConcurrentBag<Task>();
        world.Server.State.S3.NotificationSink = (queue, body) =>
        {
            var n = Interlocked.Increment(ref stats.Events);
            deliver(queue, body);
            if (n % 2 == 0)
            {
                deliver(queue, body);
            }
            else
            {
                lateCopies.Add(Task.Run(async () =>
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * (n % 13)), ct);
                    deliver(queue, body);
                }, ct));
            }
        };

        var environment = WorkerEnvironment(world);
        var workers = new ChaosWorker[WorkerCount];
        var incarnations = new int[WorkerCount];
        var problems = new List<string>();
        try
        {
            for (var w = 0; w < WorkerCount; w++)
            {
                workers[w] = ChaosWorker.Start($"w{w}#{incarnations[w]}", environment, log);
            }

            var sqsFaults = world.Server.Faults.Add(FaultRule.HttpError("sqs", null, HttpStatusCode.InternalServerError, "InternalError", rate: FaultRate));
            var s3Faults = world.Server.Faults.Add(FaultRule.HttpError("s3", null, HttpStatusCode.InternalServerError, "InternalError", rate: FaultRate));
            log.Add("chaos", $"faults on: {FaultRate:P0} 500 InternalError on sqs:* and s3:*");

            var production = ProduceAsync(world, log, stats);
            var chaosEnds = clock.Elapsed + ChaosLength;
            var nextKill = clock.Elapsed + Jitter(random, 3, 6);
            var nextCopyDrop = clock.Elapsed + Jitter(random, 1, 3);
            var nextDropAll = clock.Elapsed + Jitter(random, 6, 12);
            while (clock.Elapsed < chaosEnds)
            {
                Restart(workers, incarnations, environment, log, stats);
                if (clock.Elapsed >= nextKill && stats.Kills < MaxKills)
                {
                    var victim = random.Next(WorkerCount);
                    log.Add("chaos", $"kill -9 {workers[victim].Name} (pid {workers[victim].Pid})");
                    workers[victim].Kill();
                    stats.Kills++;
                    await workers[victim].WaitForExitAsync(TimeSpan.FromSeconds(10));
                    await Task.Delay(random.Next(0, 1000), ct);
                    Restart(workers, incarnations, environment, log, stats);
                    nextKill = clock.Elapsed + Jitter(random, 3, 6);
                }

                if (clock.Elapsed >= nextCopyDrop)
                {
                    world.Cluster.Proxy.DropNextCopy = true;
                    stats.CopyDrops++;
                    nextCopyDrop = clock.Elapsed + Jitter(random, 1, 3);
                }

                if (clock.Elapsed >= nextDropAll)
                {
                    log.Add("chaos", $"DropAllConnections ({world.Cluster.Proxy.ConnectionCount} open)");
                    world.Cluster.Proxy.DropAllConnections();
                    stats.DropAlls++;
                    nextDropAll = clock.Elapsed + Jitter(random, 6, 12);
                }

                await Task.Delay(100, ct);
            }

            await production;
            await Task.WhenAll(lateCopies);

            // Calm: no more faults, every worker up, and they drain what is left.
            stats.FaultsFired = world.Server.Faults.Fired;
            sqsFaults.Dispose();
            s3Faults.Dispose();
            world.Cluster.Proxy.DropNextCopy = false;
            log.Add("chaos", $"chaos over at {clock.Elapsed.TotalSeconds:0.0} s: {stats}");
            Restart(workers, incarnations, environment, log, stats);
            var calm = clock.Elapsed;

            var drainDeadline = clock.Elapsed + TimeSpan.FromSeconds(90);
            while (clock.Elapsed < drainDeadline && (await DistinctIdsAsync(world) < Objects * RowsPerObject || world.Messages(WorkerHarness.Queue) > 0))
            {
                Restart(workers, incarnations, environment, log, stats);
                await Task.Delay(250, ct);
            }

            // SIGTERM before the host is up is the runtime's default action (exit 143), not the worker's shutdown: wait for each to consume.
            var readyDeadline = clock.Elapsed + TimeSpan.FromSeconds(60);
            while (clock.Elapsed < readyDeadline && !workers.All(w => w.Consuming))
            {
                Restart(workers, incarnations, environment, log, stats);
                await Task.Delay(100, ct);
            }

            var drained = clock.Elapsed - calm;
            log.Add("chaos", $"drain ended {drained.TotalSeconds:0.0} s after the chaos: {world.Messages(WorkerHarness.Queue)} messages left");

            // SIGTERM every worker at once; each must stop cleanly.
            foreach (var worker in workers)
            {
                log.Add("chaos", $"SIGTERM {worker.Name}");
                worker.Terminate();
            }

            var exits = await Task.WhenAll(workers.Select(w => w.WaitForExitAsync(TimeSpan.FromSeconds(40))));
            for (var w = 0; w < WorkerCount; w++)
            {
                if (exits[w] != 0)
                {
                    problems.Add($"{workers[w].Name} exited {exits[w]?.ToString(CultureInfo.InvariantCulture) ?? "not at all within 40 s (killed)"} after SIGTERM");
                }
            }

            var rows = await world.ScalarAsync("SELECT count(*) FROM public.events");
            var distinct = await DistinctIdsAsync(world);
            var queue = world.Server.State.Sqs.Snapshot(WorkerHarness.Queue);
            var deadLetters = world.Messages(WorkerHarness.DeadLetterQueue);
            log.Add("chaos", $"end: {rows} rows, {distinct} distinct ids, queue {queue}, {deadLetters} dead letters; {stats}");
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"seed {seed}; {clock.Elapsed.TotalSeconds:0.0} s in all, drained {drained.TotalSeconds:0.0} s after the chaos; " +
                $"{rows} rows ({distinct} distinct) of {Objects * RowsPerObject}; {stats}; proxy COPYs {world.Cluster.Proxy.InterceptedCopyCount}; " +
                $"log: {log.Count("re-planning")} conflicts, {log.Count("already in the load log")} skips, {log.Count("Loaded ")} loads, {log.Count("fail:")} fail lines");

            if (rows != Objects * RowsPerObject || distinct != Objects * RowsPerObject)
            {
                problems.Add($"{rows} rows, {distinct} distinct ids; expected {Objects * RowsPerObject} of each");
                problems.Add(await RowDiagnosisAsync(world, log));
            }

            if (queue.Total != 0)
            {
                problems.Add($"{queue.Total} messages left in {WorkerHarness.Queue} ({queue})");
            }

            if (deadLetters != 0)
            {
                problems.Add($"{deadLetters} messages in {WorkerHarness.DeadLetterQueue}: {await DeadLetterBodiesAsync(world)}");
            }

            if (world.Server.State.S3.DeliveryFailures.Count > 0)
            {
                problems.Add("S3 notifications not delivered: " + string.Join("; ", world.Server.State.S3.DeliveryFailures));
            }

            // A worker that stops by itself under 10 % 5xx (its receive, delete and start-up calls all retry) is a bug too.
            problems.AddRange(stats.UnexpectedExits);
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker?.Dispose();
            }
        }

        if (Environment.GetEnvironmentVariable("GAPTOOLS_CHAOS_LOG") is { Length: > 0 } path)
        {
            log.WriteTo(path);
        }

        if (problems.Count > 0)
        {
            var file = Path.Combine(Path.GetTempPath(), $"gaptools-chaos-{seed}-{DateTime.UtcNow:yyyyMMddHHmmss}.log");
            log.Add("chaos", "problems:\n" + string.Join("\n", problems));
            log.WriteTo(file);
            Assert.Fail($"seed {seed}: {string.Join("\n", problems)}\n\nFull log: {file}\nLast 200 lines:\n{log.Tail(200)}");
        }
    }

    private static Dictionary<string, string> WorkerEnvironment(WorkerHarness world)
    {
        var settings = world.Settings();
        settings["S3ToRedshift:Batch:MaxWait"] = "00:00:00.500";
        settings["S3ToRedshift:Batch:MaxObjects"] = "25";
        settings["S3ToRedshift:FailedMessageDelay"] = "00:00:01";
        settings["S3ToRedshift:SinkOutage:ProbeDelay"] = "00:00:00.200";
        settings["S3ToRedshift:SinkOutage:MaxProbeDelay"] = "00:00:02";
        settings["S3ToRedshift:SinkOutage:MinReleaseDelay"] = "00:00:01";
        settings["S3ToRedshift:SinkOutage:MaxReleaseDelay"] = "00:00:05";
        settings["S3ToRedshift:Sqs:Consumer:VisibilityTimeout"] = "00:00:10";
        settings["S3ToRedshift:Sqs:Consumer:MaxInFlight"] = "100";
        settings["S3ToRedshift:Sqs:Consumer:FailureBackoffBase"] = "00:00:00.500";
        settings["S3ToRedshift:Sqs:Consumer:FailureBackoffMax"] = "00:00:04";
        settings["S3ToRedshift:Sqs:Consumer:ShutdownGrace"] = "00:00:05";
        return settings.Where(kv => kv.Value is not null)
            .ToDictionary(kv => "GAPTOOLS_" + kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
    }

    // Objects spread over the production window, through S3 with the faults on (a put answered 500 stored nothing: retry it).
    private static async Task ProduceAsync(WorkerHarness world, ChaosLog log, ChaosStats stats)
    {
        var pace = ProductionLength / Objects;
        var started = Stopwatch.StartNew();
        for (var i = 0; i < Objects; i++)
        {
            var due = pace * i;
            if (due > started.Elapsed)
            {
                await Task.Delay(due - started.Elapsed, Ct);
            }

            var body = string.Concat(Ids(i).Select(id => $"{{\"id\":{id},\"name\":\"n{id}\"}}\n"));
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await world.S3.PutObjectAsync(new PutObjectRequest { BucketName = WorkerHarness.Bucket, Key = Key(i), ContentBody = body }, Ct);
                    break;
                }
                catch (AmazonS3Exception e) when ((int)e.StatusCode >= 500 && attempt < 50)
                {
                    Interlocked.Increment(ref stats.PutRetries);
                    await Task.Delay(20, Ct);
                }
            }
        }

        log.Add("chaos", $"produced {Objects} objects in {started.Elapsed.TotalSeconds:0.0} s");
    }

    private static string Key(int i) => $"data/{i:D4}.json";

    private static int[] Ids(int i) => [.. Enumerable.Range((i * RowsPerObject) + 1, RowsPerObject)];

    private static int ObjectOf(long id) => (int)((id - 1) / RowsPerObject);

    private static TimeSpan Jitter(Random random, double minSeconds, double maxSeconds) =>
        TimeSpan.FromSeconds(minSeconds + (random.NextDouble() * (maxSeconds - minSeconds)));

    /// <summary>Starts a new incarnation of each worker that has exited (killed by the test or, noted as a problem, by itself).</summary>
    private static void Restart(ChaosWorker[] workers, int[] incarnations, Dictionary<string, string> environment, ChaosLog log, ChaosStats stats)
    {
        for (var w = 0; w < workers.Length; w++)
        {
            var worker = workers[w];
            if (!worker.HasExited)
            {
                continue;
            }

            if (!worker.Killed)
            {
                var message = $"{worker.Name} exited {worker.ExitCode} by itself";
                stats.UnexpectedExits.Add(message);
                log.Add("chaos", message);
            }

            worker.Dispose();
            incarnations[w]++;
            workers[w] = ChaosWorker.Start($"w{w}#{incarnations[w]}", environment, log);
            log.Add("chaos", $"started {workers[w].Name} (pid {workers[w].Pid})");
        }
    }

    private static Task<long> DistinctIdsAsync(WorkerHarness world) => world.ScalarAsync("SELECT count(DISTINCT id) FROM public.events");

    private static async Task<string> DeadLetterBodiesAsync(WorkerHarness world)
    {
        using var sqs = world.Server.CreateSqsClient();
        var url = world.Server.SqsQueueUrl(WorkerHarness.DeadLetterQueue);
        var received = await sqs.ReceiveMessageAsync(new Amazon.SQS.Model.ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, VisibilityTimeout = 0 }, Ct);
        return string.Join(" | ", (received.Messages ?? []).Select(m => m.Body.Length > 300 ? m.Body[..300] : m.Body));
    }

    /// <summary>Which ids are missing or doubled, their keys, the load log's rows for those keys and the log lines naming them.</summary>
    private static async Task<string> RowDiagnosisAsync(WorkerHarness world, ChaosLog log)
    {
        var text = new StringBuilder();
        var doubled = await QueryAsync(world, "SELECT id, count(*) FROM public.events GROUP BY id HAVING count(*) > 1 ORDER BY id LIMIT 50");
        var missing = await QueryAsync(world, $"SELECT g FROM generate_series(1, {Objects * RowsPerObject}) g WHERE NOT EXISTS (SELECT 1 FROM public.events e WHERE e.id = g) ORDER BY g LIMIT 50");
        var foreign = await QueryAsync(world, $"SELECT id, name FROM public.events WHERE id < 1 OR id > {Objects * RowsPerObject} LIMIT 20");
        text.AppendLine(CultureInfo.InvariantCulture, $"doubled ids (id, count): {string.Join(", ", doubled.Select(r => $"({r[0]}, {r[1]})"))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"missing ids: {string.Join(", ", missing.Select(r => r[0]))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"ids outside the source: {string.Join(", ", foreign.Select(r => $"({r[0]}, {r[1]})"))}");
        var keys = doubled.Select(r => ObjectOf(Convert.ToInt64(r[0], CultureInfo.InvariantCulture)))
            .Concat(missing.Select(r => ObjectOf(Convert.ToInt64(r[0], CultureInfo.InvariantCulture))))
            .Distinct().Order().Take(20).Select(Key).ToList();
        foreach (var key in keys)
        {
            var logged = await QueryAsync(world, $"SELECT etag, batch_id, loaded_at FROM gaptools_load_log WHERE object_key = '{key}' ORDER BY loaded_at");
            text.AppendLine(CultureInfo.InvariantCulture, $"{key}: load log {logged.Count} rows: {string.Join("; ", logged.Select(r => string.Join(" ", r)))}");
            foreach (var batch in logged.Select(r => r[1]).Distinct())
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  batch {batch}: {log.Matching(batch!.ToString()!, 10)}");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"  log lines naming it: {log.Matching(key, 20)}");
        }

        return text.ToString();
    }

    private static async Task<List<object?[]>> QueryAsync(WorkerHarness world, string sql)
    {
        var rows = new List<object?[]>();
        await using var connection = new NpgsqlConnection(world.AdminConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private sealed class ChaosStats
    {
        public int Kills;
        public int CopyDrops;
        public int DropAlls;
        public int FaultsFired;
        public int PutRetries;
        public int Events;

        public List<string> UnexpectedExits { get; } = [];

        public override string ToString() =>
            $"{Events} events (each delivered twice), {Kills} kills, {CopyDrops} DropNextCopy, {DropAlls} DropAllConnections, {FaultsFired} injected 5xx, {PutRetries} producer put retries, {UnexpectedExits.Count} unexpected exits";
    }
}

/// <summary>Every worker's output and the test's own chaos events, in arrival order (bounded).</summary>
internal sealed class ChaosLog
{
    private const int MaxLines = 200_000;
    private readonly Lock gate = new();
    private readonly List<string> lines = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int dropped;

    public void Add(string source, string line)
    {
        var stamped = $"{clock.Elapsed.TotalSeconds,7:0.000} [{source}] {line}";
        lock (gate)
        {
            if (lines.Count < MaxLines)
            {
                lines.Add(stamped);
            }
            else
            {
                dropped++;
            }
        }
    }

    public string Tail(int count)
    {
        lock (gate)
        {
            return string.Join("\n", lines.Skip(Math.Max(0, lines.Count - count)));
        }
    }

    public int Count(string text)
    {
        lock (gate)
        {
            return lines.Count(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    public string Matching(string text, int max)
    {
        lock (gate)
        {
            var hits = lines.Where(l => l.Contains(text, StringComparison.Ordinal)).ToList();
            return hits.Count == 0 ? "(none)" : "\n    " + string.Join("\n    ", hits.Take(max)) + (hits.Count > max ? $"\n    … {hits.Count - max} more" : "");
        }
    }

    public void WriteTo(string path)
    {
        lock (gate)
        {
            File.WriteAllLines(path, dropped > 0 ? [.. lines, $"({dropped} lines dropped)"] : lines);
        }
    }
}

/// <summary>
/// One <c>s3-to-redshift</c> process that can be killed with SIGKILL (<see cref="GapTools.Testing.ToolProcess"/> can
/// only SIGTERM it, and does not expose its process), its output going to a shared <see cref="ChaosLog"/>.
/// </summary>
internal sealed class ChaosWorker : IDisposable
{
    private readonly Process process;
    private bool consuming;

    private ChaosWorker(Process process, string name, ChaosLog log)
    {
        this.process = process;
        Name = name;
        Pid = process.Id;
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Pid { get; }

    /// <summary>True once the test killed it (SIGKILL, or at dispose).</summary>
    public bool Killed { get; private set; }

    public bool HasExited => process.HasExited;

    /// <summary>True once its consumer logged that it is consuming the queue (the host is up and handles SIGTERM).</summary>
    public bool Consuming => Volatile.Read(ref consuming);

    public int ExitCode => process.ExitCode;

    public static ChaosWorker Start(string name, IReadOnlyDictionary<string, string> environment, ChaosLog log)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath());

        // As ToolProcess: explicit fake credentials, no instance metadata lookups; the configuration in GAPTOOLS_ variables.
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new ChaosWorker(Process.Start(start)!, name, log);
    }

    /// <summary>SIGKILL: no shutdown, no release of in-flight messages, the database connection cut by the kernel.</summary>
    public void Kill()
    {
        Killed = true;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>SIGTERM, as ECS, systemd and Kubernetes stop a task.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The exit code, or null (and the process killed) when it does not exit within <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Kill();
            return null;
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
            process.WaitForExit(5_000);
        }

        process.Dispose();
    }

    private void Append(ChaosLog log, string? line)
    {
        if (line is not null)
        {
            if (line.Contains("SqsConsumer", StringComparison.Ordinal) && line.Contains(" Consuming ", StringComparison.Ordinal))
            {
                Volatile.Write(ref consuming, true);
            }

            log.Add(Name, line);
        }
    }

    private static string ToolPath()
    {
        // tests/<Tests>/bin/<Configuration>/net10.0/ → src/S3ToRedshift.Cli/bin/<Configuration>/net10.0/s3-to-redshift.dll
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "GapTools.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root!.FullName, "src", "S3ToRedshift.Cli", "bin", here.Parent!.Name, here.Name, "s3-to-redshift.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/S3ToRedshift.Cli first.", path);
    }
}

using System.Diagnostics;
using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using GapTools.LocalAws;
using GapTools.LocalAws.Redshift;
using GapTools.LocalAws.Redshift.ControlPlane;
using GapTools.LocalAws.S3;
using GapTools.S3ToRedshift.Configuration;
using GapTools.S3ToRedshift;
using GapTools.Workers.Sqs;
using GapTools.S3ToRedshift.Sink;
using GapTools.S3ToRedshift.Source;
using GapTools.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

// Objects/s from S3 put to committed rows, and COPY statements per 1,000 objects: the micro-batched worker
// (manifest COPY, defaults) against Rin's strategy (one direct COPY per object), in the same run, on the same
// LocalAws S3 + Redshift stand-in (wire proxy over a throwaway PostgreSQL).
// Usage: s3-to-redshift-bench [objects=2000] [rows-per-object=10]
var objects = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000;
var rowsPerObject = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;

await using var postgres = await PostgresServer.StartAsync();
await using var server = await LocalAwsServer.StartAsync();
using var s3 = server.CreateS3Client(c => c.MaxErrorRetry = 2);
await s3.PutBucketAsync("incoming");
await s3.PutBucketAsync("manifests");

Console.WriteLine($"objects={objects} rows/object={rowsPerObject} cores={Environment.ProcessorCount}");
var batched = await RunAsync("batched (manifest, defaults)", manifest: true);
var baseline = await RunAsync("baseline (one COPY per object)", manifest: false);
Console.WriteLine($"speed-up: end to end {batched.ObjectsPerSecond / baseline.ObjectsPerSecond:F1}x, load only {batched.LoadObjectsPerSecond / baseline.LoadObjectsPerSecond:F1}x; COPY per 1,000 objects: {batched.CopiesPer1000:F1} vs {baseline.CopiesPer1000:F1}");
var worker = await RunWorkerProcessAsync();
Console.WriteLine($"bench process peak RSS (VmHWM, includes in-process LocalAws; PostgreSQL is separate): {PeakRssMiB("self"):F0} MiB");
return worker;

// The real tool as its own process: S3 notifications → SQS → s3-to-redshift --batch → rows; wall time and the
// worker's own peak RSS (sampled from /proc/<pid>/status).
async Task<int> RunWorkerProcessAsync()
{
    var tool = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "S3ToRedshift.Cli", "bin", "Release", "net10.0", "s3-to-redshift.dll");
    if (!File.Exists(tool))
    {
        Console.WriteLine($"worker process: skipped (build src/S3ToRedshift.Cli in Release first: {tool})");
        return 0;
    }

    var database = await postgres.CreateDatabaseAsync();
    await using var cluster = server.StartRedshiftCluster("bench-worker", database);
    await using (var connection = new NpgsqlConnection(database))
    {
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE TABLE public.events (id bigint NOT NULL, object_no integer, name varchar(64))", connection);
        await create.ExecuteNonQueryAsync();
    }

    server.State.Sqs.CreateQueue("bench-loads");
    await s3.PutBucketAsync("bench-feed");
    await s3.PutBucketNotificationAsync(new PutBucketNotificationRequest
    {
        BucketName = "bench-feed",
        QueueConfigurations = [new QueueConfiguration { Queue = server.State.Sqs.QueueArn("bench-loads"), Events = ["s3:ObjectCreated:*"] }],
    });
    await Parallel.ForAsync(0, objects, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, ct) =>
    {
        var body = string.Concat(Enumerable.Range(0, rowsPerObject).Select(r => $"{{\"id\":{((long)n * rowsPerObject) + r},\"object_no\":{n},\"name\":\"row {r}\"}}\n"));
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "bench-feed", Key = $"data/{n:D6}.json", ContentBody = body }, ct);
    });

    var admin = new NpgsqlConnectionStringBuilder(database);
    var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
    start.ArgumentList.Add(tool);
    start.ArgumentList.Add("--batch");
    var settings = new Dictionary<string, string?>
    {
        ["S3ToRedshift:Sqs:Queue"] = "bench-loads",
        ["S3ToRedshift:Sqs:Consumer:WaitTime"] = "00:00:01",
        ["S3ToRedshift:AWS:Region"] = "us-east-1",
        ["S3ToRedshift:AWS:ServiceURL"] = server.ServiceUrl.ToString(),
        ["S3ToRedshift:Redshift:Host"] = cluster.Proxy.Host,
        ["S3ToRedshift:Redshift:Port"] = cluster.Proxy.Port.ToString(CultureInfo.InvariantCulture),
        ["S3ToRedshift:Redshift:Database"] = admin.Database,
        ["S3ToRedshift:Redshift:User"] = admin.Username,
        ["S3ToRedshift:Redshift:Password"] = admin.Password,
        ["S3ToRedshift:Copy:IamRole"] = "arn:aws:iam::123456789012:role/loader",
        ["S3ToRedshift:Copy:Parameters"] = "JSON 'auto'",
        ["S3ToRedshift:Targets:0:Bucket"] = "bench-feed",
        ["S3ToRedshift:Targets:0:Table"] = "events",
        ["S3ToRedshift:Manifest:Prefix"] = "s3://manifests/worker/",
    };
    foreach (var (key, value) in settings)
    {
        start.Environment["GAPTOOLS_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
    }

    start.Environment["AWS_ACCESS_KEY_ID"] = "test";
    start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
    start.Environment["AWS_REGION"] = "us-east-1";
    start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var stderr = process.StandardError.ReadToEndAsync();
    _ = process.StandardOutput.ReadToEndAsync();
    double peak = 0;
    while (!process.HasExited)
    {
        peak = Math.Max(peak, PeakRssMiB(process.Id.ToString(CultureInfo.InvariantCulture)));
        await Task.Delay(20);
    }

    await process.WaitForExitAsync();
    clock.Stop();
    long rows;
    await using (var connection = new NpgsqlConnection(database))
    {
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM public.events", connection);
        rows = (long)(await count.ExecuteScalarAsync())!;
    }

    Console.WriteLine($"worker process (s3-to-redshift --batch, SQS → COPY): exit {process.ExitCode}, {rows} rows (expected {(long)objects * rowsPerObject}) in {clock.Elapsed.TotalSeconds:F2} s " +
        $"(includes ~0.3 s process start), {objects / clock.Elapsed.TotalSeconds:F0} objects/s, {cluster.Proxy.InterceptedCopyCount} COPY statements, worker peak RSS {peak:F0} MiB");
    if (process.ExitCode != 0 || rows != (long)objects * rowsPerObject)
    {
        Console.WriteLine(await stderr);
        return 1;
    }

    return 0;
}

async Task<Result> RunAsync(string name, bool manifest)
{
    var database = await postgres.CreateDatabaseAsync();
    await using var cluster = server.StartRedshiftCluster("bench-" + (manifest ? "batched" : "baseline"), database);
    var admin = new NpgsqlConnectionStringBuilder(database);
    await using (var connection = new NpgsqlConnection(database))
    {
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE TABLE public.events (id bigint NOT NULL, object_no integer, name varchar(64))", connection);
        await create.ExecuteNonQueryAsync();
    }

    var options = new S3ToRedshiftOptions
    {
        Redshift = new RedshiftOptions { Host = cluster.Proxy.Host, Port = cluster.Proxy.Port, Database = admin.Database, User = admin.Username, Password = admin.Password },
        Copy = new CopyOptions { IamRole = "arn:aws:iam::123456789012:role/loader", Parameters = "JSON 'auto'" },
        Targets = [new TargetOptions { Bucket = "incoming", KeyPrefix = $"{name[..4]}/", Schema = "public", Table = "events" }],
        Manifest = new ManifestOptions { Prefix = manifest ? "s3://manifests/loads/" : null },
        Batch = new BatchOptions { MaxWait = TimeSpan.FromSeconds(5) },
    };
    var errors = S3ToRedshiftOptionsRules.Validate(options);
    if (errors.Count > 0)
    {
        throw new InvalidOperationException(string.Join("; ", errors));
    }

    await using var dataSource = RedshiftDataSource.Create(options.Redshift);
    var retry = LoadRetry.Create(new GapTools.Core.Resilience.RetryOptions { MaxRetryAttempts = 5, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2) }, TimeProvider.System, null, null, null);
    await using var engine = new LoadEngine(
        options, new NpgsqlRedshiftCopier(dataSource, options.Redshift.CommandTimeout), new S3ManifestStore(s3),
        new IamRoleCopyCredentials(options.Copy.IamRole!), AlwaysAvailable.Instance, retry, 1_000_000, TimeProvider.System,
        new S3ToRedshiftMetrics(), NullLoggerFactory.Instance);

    // Phase 1: the producer puts every object (S3 PUT through the SDK). Phase 2: their events reach the worker at
    // once (a backlog, as after a burst or a pause) and it loads them. End to end = both phases.
    var clock = Stopwatch.StartNew();
    var events = new ObjectEvent[objects];
    await Parallel.ForAsync(0, objects, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, ct) =>
    {
        var key = $"{name[..4]}/{n:D6}.json";
        var body = string.Concat(Enumerable.Range(0, rowsPerObject).Select(r => $"{{\"id\":{((long)n * rowsPerObject) + r},\"object_no\":{n},\"name\":\"row {r}\"}}\n"));
        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = "incoming", Key = key, ContentBody = body }, ct);
        events[n] = new ObjectEvent("incoming", key, body.Length, put.ETag.Trim('"'), null, DateTimeOffset.UtcNow);
    });
    var putTime = clock.Elapsed;
    var load = Stopwatch.StartNew();
    var messages = events.Select(e => engine.Processor.ProcessAsync(e.Key, [e], CancellationToken.None)).ToList();
    engine.Batcher.FlushAll(); // the queue is drained: like the worker's idle flush in batch mode
    var verdicts = await Task.WhenAll(messages);
    load.Stop();
    clock.Stop();

    long rows;
    await using (var connection = new NpgsqlConnection(database))
    {
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM public.events", connection);
        rows = (long)(await count.ExecuteScalarAsync())!;
    }

    var failed = verdicts.Count(v => v.Kind != MessageDispositionKind.Delete);
    var result = new Result(objects / clock.Elapsed.TotalSeconds, objects / load.Elapsed.TotalSeconds, cluster.Proxy.InterceptedCopyCount * 1000.0 / objects);
    Console.WriteLine($"{name}: {objects} objects, {rows} rows (expected {(long)objects * rowsPerObject}), {failed} failed; " +
        $"put {putTime.TotalSeconds:F2} s + load {load.Elapsed.TotalSeconds:F2} s; end to end {result.ObjectsPerSecond:F0} objects/s, " +
        $"load only {result.LoadObjectsPerSecond:F0} objects/s; {cluster.Proxy.InterceptedCopyCount} COPY statements ({result.CopiesPer1000:F1} per 1,000 objects)");
    if (rows != (long)objects * rowsPerObject || failed > 0)
    {
        throw new InvalidOperationException($"{name}: rows or verdicts are wrong");
    }

    return result;
}

static double PeakRssMiB(string pid)
{
    try
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
    catch (IOException)
    {
        return 0; // the process ended between the check and the read
    }
}

internal sealed record Result(double ObjectsPerSecond, double LoadObjectsPerSecond, double CopiesPer1000);

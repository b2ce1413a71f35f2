using GapTools.Bench;
using System.Diagnostics;
using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using GapTools.LocalAws;
using GapTools.LocalAws.Redshift;
using GapTools.LocalAws.Redshift.ControlPlane;
using GapTools.LocalAws.Redshift.Copy;
using GapTools.LocalAws.S3;
using GapTools.LocalAws.Sqs;
using GapTools.Testing;
using Npgsql;

namespace GapTools.S3ToRedshift.Bench;

/// <summary>
/// One load per call, each on its own database, cluster, bucket and queue: objects put through S3 (whose
/// notifications fill the queue), then the loader process drains the queue; the clock runs from its start to the
/// last row committed (polled on PostgreSQL directly, not through the cluster endpoint).
/// </summary>
internal sealed class LoadWorld(LocalAwsServer server, PostgresServer postgres)
{
    private const int RowsPerObject = 10;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private readonly AmazonS3Client s3 = server.CreateS3Client(c => c.MaxErrorRetry = 2);
    private readonly AmazonSQSClient sqs = server.CreateSqsClient();
    private int runs;

    public async Task<LoadRun> RunAsync(LoaderTool tool, LoadStrategy strategy, int objects, CopyCostModel cost)
    {
        var run = Interlocked.Increment(ref runs);
        var name = string.Create(CultureInfo.InvariantCulture, $"{tool.Name}, {(strategy == LoadStrategy.Batched ? "batched" : "one COPY per object")}, {(cost.IsNone ? "no COPY cost" : "typical COPY cost")}");
        var database = await postgres.CreateDatabaseAsync();
        var login = new NpgsqlConnectionStringBuilder(database);
        await using var cluster = server.StartRedshiftCluster($"bench-{run}", database, new RedshiftClusterOptions { CopyCost = cost });
        await ExecuteAsync(database, "CREATE TABLE public.events (id bigint NOT NULL, object_no integer, name varchar(64))");
        var (queue, bucket) = ($"bench-loads-{run}", $"bench-feed-{run}");
        await PutObjectsAsync(queue, bucket, objects);

        var config = WriteRinConfig(queue, bucket, cluster.Proxy.Host, cluster.Proxy.Port, login);
        var expected = (long)objects * RowsPerObject;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(tool.StartInfo(config, strategy, server.ServiceUrl, login.Password!))!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var peak = 0.0;
        long rows = 0;
        while (clock.Elapsed < Limit && !process.HasExited && (rows = await CountAsync(database)) < expected)
        {
            peak = Math.Max(peak, ProcStatus.PeakRss(process.Id) / 1048576.0);
            await Task.Delay(20);
        }

        var elapsed = clock.Elapsed;
        rows = await CountAsync(database);
        peak = Math.Max(peak, ProcStatus.PeakRss(process.Id) / 1048576.0);

        // Ours exits after the drain; rin -batch v1.3.2 waits for a signal after "No messages. Exit.".
        if (tool.IsRin || !process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: false); // SIGKILL: the rows are counted already
        }

        await process.WaitForExitAsync();
        var result = new LoadRun(name, objects, elapsed, cluster.Proxy.InterceptedCopyCount, peak, rows == expected);
        var log = Path.Combine(Path.GetDirectoryName(config)!, "stderr.log");
        var errors = await stderr;
        await File.WriteAllTextAsync(log, errors);
        Console.WriteLine(result.Describe(rows, expected) + $" (log: {log})");
        if (!result.Complete)
        {
            Console.WriteLine(errors[^Math.Min(4000, errors.Length)..]);
        }

        await ExecuteAsync(new NpgsqlConnectionStringBuilder(database) { Database = "postgres" }.ConnectionString,
            $"DROP DATABASE \"{login.Database}\" WITH (FORCE)");
        return result;
    }

    private async Task PutObjectsAsync(string queue, string bucket, int objects)
    {
        server.State.Sqs.CreateQueue(queue);
        await s3.PutBucketAsync(bucket);
        server.State.S3.CreateBucket("bench-manifests"); // the batched strategy's manifests
        await s3.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = bucket,
            QueueConfigurations = [new QueueConfiguration { Queue = server.State.Sqs.QueueArn(queue), Events = ["s3:ObjectCreated:*"] }],
        });
        await Parallel.ForAsync(0, objects, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, ct) =>
        {
            var body = string.Concat(Enumerable.Range(0, RowsPerObject).Select(r => $"{{\"id\":{((long)n * RowsPerObject) + r},\"object_no\":{n},\"name\":\"row {r}\"}}\n"));
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"data/{n:D6}.json", ContentBody = body }, ct);
        });
        var attributes = await sqs.GetQueueAttributesAsync(server.SqsQueueUrl(queue), ["ApproximateNumberOfMessages"]);
        if (attributes.ApproximateNumberOfMessages != objects + 1) // + the s3:TestEvent the notification setup sends
        {
            throw new InvalidOperationException($"{queue} holds {attributes.ApproximateNumberOfMessages} messages, not {objects} + s3:TestEvent");
        }
    }

    /// <summary>Rin's own format, read by both loaders: one target, JSON rows, the password from the environment.</summary>
    private static string WriteRinConfig(string queue, string bucket, string host, int port, NpgsqlConnectionStringBuilder database)
    {
        var folder = Directory.CreateTempSubdirectory("s3-to-redshift-bench-").FullName;
        var path = Path.Combine(folder, "config.yaml");
        File.WriteAllText(path, $$$"""
            queue_name: {{{queue}}}
            credentials:
              aws_access_key_id: test
              aws_secret_access_key: test
              aws_region: us-east-1
            redshift:
              host: {{{host}}}
              port: {{{port}}}
              dbname: {{{database.Database}}}
              user: {{{database.Username}}}
              password: '{{ must_env "REDSHIFT_PASSWORD" }}'
              schema: public
            s3:
              bucket: {{{bucket}}}
              region: us-east-1
            sql_option: "JSON 'auto'"
            targets:
              - redshift:
                  table: events
                s3:
                  key_prefix: data/
            """);
        return path;
    }

    private static async Task<long> CountAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM public.events", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>One loader's run: wall time from its start to the last row, COPY statements, its peak RSS.</summary>
internal sealed record LoadRun(string Name, int Objects, TimeSpan Elapsed, int Copies, double PeakRssMiB, bool Complete)
{
    public double ObjectsPerSecond => Objects / Elapsed.TotalSeconds;

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{ObjectsPerSecond:0.#} obj/s ({Elapsed.TotalMilliseconds / Objects:0.#} ms/object, {Copies} COPY for {Objects} objects)");

    public string Describe(long rows, long expected) => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {Objects} objects, {rows}/{expected} rows in {Elapsed.TotalSeconds:F2} s from process start -> {Summary}, peak RSS {PeakRssMiB:F0} MiB{(Complete ? "" : " INCOMPLETE")}");
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using GapTools.Demo.Narration;
using GapTools.Demo.Processes;
using GapTools.Demo.World;

namespace GapTools.Demo.Steps;

/// <summary>
/// s3-to-redshift: a table, a bucket whose notifications go to a queue (with a DLQ), four objects (JSON lines and CSV,
/// one key with spaces and '+'), one <c>--batch</c> run that loads them with COPY through the cluster endpoint using
/// temporary IAM database credentials, then a redelivered message that the load log makes a no-op.
/// </summary>
internal sealed class S3ToRedshiftStep(DemoWorld world, Narrator say)
{
    private const string Bucket = "demo-incoming";
    private const string Prefix = "page_views/";
    private const string ManifestBucket = "demo-manifests";
    private const string Table = "page_views";
    private const string DbUser = "demo_loader";
    private const string LoadLog = "gaptools_load_log";
    private const string DrainPoll = "00:00:02";

    // Two JSON-lines objects and two CSV objects; one key of each kind has spaces and '+', which S3 encodes in events.
    private static readonly (string Key, string Body)[] Objects =
    [
        ("page_views/json/2026-11-23/part-0001.json", JsonLines((1, "/", "v-101"), (2, "/pricing", "v-101"), (3, "/docs", "v-202"))),
        ("page_views/json/2026-11-23/retry 2 + late.json", JsonLines((4, "/signup", "v-303"), (5, "/", "v-404"))),
        ("page_views/csv/2026-11-23/export-0001.csv", Csv((6, "/blog", "v-505"), (7, "/blog/launch", "v-505"), (8, "/", "v-606"))),
        ("page_views/csv/2026-11-23/export 0002+b.csv", Csv((9, "/pricing", "v-707"), (10, "/signup", "v-707"))),
    ];

    private const int ExpectedRows = 10;

    public async Task RunAsync(ToolBinary worker, CancellationToken cancellationToken)
    {
        say.Action($"Create the target table and a database user for the worker (Redshift: CREATE USER {DbUser} PASSWORD DISABLE + GRANTs)");
        await PrepareDatabaseAsync(cancellationToken);

        say.Action("Create the bucket, the queue and its dead-letter queue, and the bucket notification (S3 and SQS APIs)");
        var source = await NotifiedBucket.CreateAsync(world.S3, world.Sqs, Bucket, Prefix, "demo-loads", cancellationToken);
        await world.S3.PutBucketAsync(ManifestBucket, cancellationToken);
        say.Detail(source.ToString());
        say.Detail($"s3://{ManifestBucket}/loads/ receives one manifest per batch (the worker deletes it after the COPY commits)");

        say.Action($"Upload {Objects.Length} objects ({ExpectedRows} rows)");
        foreach (var (key, body) in Objects)
        {
            await world.S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = body }, cancellationToken);
            say.Detail($"s3://{Bucket}/{key}  ({Encoding.UTF8.GetByteCount(body)} bytes, {body.Count(c => c == '\n') - (key.EndsWith(".csv", StringComparison.Ordinal) ? 1 : 0)} rows)");
        }

        say.Action("Peek at one notification in the queue (received with visibility 0, so it stays available)");
        var redelivery = await PeekAsync(source, "retry", cancellationToken);

        say.Action("Run the worker once: drain the queue, load each batch with one COPY, delete each message after its COPY committed");
        var config = await WriteConfigAsync(source, cancellationToken);
        var environment = ChildEnvironment.Create();
        var copiesBefore = world.Cluster.Proxy.InterceptedCopyCount;
        await WorkerRun.BatchAsync(say, worker, config, environment, world.WorkDirectory, cancellationToken);
        var copies = world.Cluster.Proxy.InterceptedCopyCount - copiesBefore;

        say.Action("What landed in PostgreSQL (read directly, not through the proxy)");
        var rows = await world.ScalarAsync($"SELECT count(*) FROM public.{Table}", cancellationToken);
        say.Detail($"SELECT source, count(*) FROM {Table} GROUP BY source:");
        say.Quote(Render(await world.RowsAsync($"SELECT source, count(*) FROM public.{Table} GROUP BY source ORDER BY source", cancellationToken)));
        DemoFailure.Unless(rows == ExpectedRows, $"expected {ExpectedRows} rows in {Table}, found {rows}");
        say.Detail($"SELECT object_key, target_table, batch_id FROM {LoadLog} (one row per object, written in the COPY's transaction):");
        var logged = await world.RowsAsync($"SELECT object_key, target_table, batch_id FROM public.{LoadLog} ORDER BY batch_id, object_key", cancellationToken);
        say.Quote(Render(logged));
        var batches = logged.Select(r => r[2]).Distinct(StringComparer.Ordinal).Count();
        say.Detail($"COPY statements seen by the cluster endpoint: {copies} for {Objects.Length} objects in {batches} batches (JSON and CSV need different COPY options)");
        DemoFailure.Unless(logged.Count == Objects.Length, $"expected {Objects.Length} load-log rows, found {logged.Count}");
        foreach (var (key, _) in Objects)
        {
            DemoFailure.Unless(logged.Any(r => r[0] == key), $"the load log has no row for '{key}' (key decoding?)");
        }

        DemoFailure.Unless(copies == batches, $"expected one COPY per batch ({batches}), the endpoint saw {copies}");
        var manifests = (await world.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = ManifestBucket }, cancellationToken)).S3Objects?.Count ?? 0;
        say.Detail($"manifests left in s3://{ManifestBucket}/: {manifests} (each is deleted once its COPY committed)");
        ExpectEmpty(source);
        say.Ok($"{rows} rows from {Objects.Length} objects, {copies} COPY statements; the queue and the dead-letter queue are empty");

        say.Action("At-least-once delivery: send the peeked notification again, and run the worker again");
        await world.Sqs.SendMessageAsync(source.QueueUrl, redelivery, cancellationToken);
        copiesBefore = world.Cluster.Proxy.InterceptedCopyCount;
        await WorkerRun.BatchAsync(say, worker, config, environment, world.WorkDirectory, cancellationToken);
        var copiesAgain = world.Cluster.Proxy.InterceptedCopyCount - copiesBefore;
        var rowsAgain = await world.ScalarAsync($"SELECT count(*) FROM public.{Table}", cancellationToken);
        var loggedAgain = await world.ScalarAsync($"SELECT count(*) FROM public.{LoadLog}", cancellationToken);
        say.Detail($"rows: {rowsAgain}, load-log rows: {loggedAgain}, COPY statements this run: {copiesAgain}");
        DemoFailure.Unless(rowsAgain == ExpectedRows, $"the redelivered message loaded its object again: {rowsAgain} rows, expected {ExpectedRows}");
        DemoFailure.Unless(loggedAgain == Objects.Length, $"expected {Objects.Length} load-log rows after the redelivery, found {loggedAgain}");
        ExpectEmpty(source);
        say.Ok("the duplicate was recognised from the load log and acknowledged without loading: exactly once");
    }

    private async Task PrepareDatabaseAsync(CancellationToken cancellationToken)
    {
        string[] statements =
        [
            $"CREATE TABLE public.{Table} (view_id bigint NOT NULL, page varchar(200) NOT NULL, visitor varchar(64), viewed_at timestamp, source varchar(8))",
            "CREATE ROLE demo_loaders NOLOGIN",
            "GRANT USAGE, CREATE ON SCHEMA public TO demo_loaders",
            $"GRANT SELECT, INSERT ON public.{Table} TO demo_loaders",
            // GetClusterCredentials answers DbUser "IAM:demo_loader"; the stand-in's login role has that name.
            $"CREATE ROLE \"IAM:{DbUser}\" LOGIN IN ROLE demo_loaders",
        ];
        foreach (var sql in statements)
        {
            await world.ExecuteAsync(sql, cancellationToken);
            say.Detail(sql + ";");
        }
    }

    /// <summary>Receives the queue's messages without hiding them and returns the body of the event for <paramref name="keyPart"/>.</summary>
    private async Task<string> PeekAsync(NotifiedBucket source, string keyPart, CancellationToken cancellationToken)
    {
        var received = await world.Sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest { QueueUrl = source.QueueUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 0, WaitTimeSeconds = 0 },
            cancellationToken);
        var messages = received.Messages ?? [];
        say.Detail($"{messages.Count} messages: S3's s3:TestEvent (sent when the notification was saved; workers skip it) and one per object");
        foreach (var message in messages)
        {
            var key = EventKey(message.Body);
            if (key is not null && key.Contains(keyPart, StringComparison.Ordinal))
            {
                say.Detail($"Records[0].s3.object.key = \"{key}\"   (S3 URL-encodes keys in events: space → '+', '+' → '%2B')");
                return message.Body;
            }
        }

        throw new DemoFailure($"no notification for a key containing '{keyPart}' among {messages.Count} messages");
    }

    private async Task<string> WriteConfigAsync(NotifiedBucket source, CancellationToken cancellationToken)
    {
        var config = new JsonObject
        {
            // The standard section of the AWS SDK for .NET (AWSSDK.Extensions.NETCore.Setup), shared by every tool.
            ["AWS"] = new JsonObject { ["Region"] = "us-east-1", ["ServiceURL"] = world.Aws.ServiceUrl.ToString() },
            ["S3ToRedshift"] = new JsonObject
            {
                ["Sqs"] = new JsonObject
                {
                    ["Queue"] = source.Queue,
                    ["DeadLetterQueue"] = source.DeadLetterQueue,
                    ["Consumer"] = new JsonObject { ["WaitTime"] = DrainPoll },
                },
                ["Redshift"] = new JsonObject
                {
                    ["Host"] = world.Cluster.Proxy.Host,
                    ["Port"] = world.Cluster.Proxy.Port,
                    ["Database"] = world.Cluster.DatabaseName,
                    ["User"] = DbUser,
                    ["IamAuthentication"] = true,
                    ["ClusterIdentifier"] = world.Cluster.Identifier,
                },
                ["Copy"] = new JsonObject { ["Authorization"] = "IamRole", ["IamRole"] = "arn:aws:iam::000000000000:role/demo-redshift-copy" },
                ["Targets"] = new JsonArray
                {
                    new JsonObject { ["Bucket"] = Bucket, ["KeyPrefix"] = "page_views/json/", ["Schema"] = "public", ["Table"] = Table, ["CopyParameters"] = "JSON 'auto' TIMEFORMAT 'auto'" },
                    new JsonObject { ["Bucket"] = Bucket, ["KeyPrefix"] = "page_views/csv/", ["Schema"] = "public", ["Table"] = Table, ["CopyParameters"] = "CSV IGNOREHEADER 1 TIMEFORMAT 'auto'" },
                },
                // Batches keep their defaults (1,000 objects, 5 MiB, 60 s); in --batch mode they close once the queue is idle.
                ["Manifest"] = new JsonObject { ["Prefix"] = $"s3://{ManifestBucket}/loads/" },
            },
        };
        var path = Path.Combine(world.WorkDirectory, "s3-to-redshift.json");
        var text = config.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await File.WriteAllTextAsync(path, text, cancellationToken);
        say.Detail($"{path} (no secret in it: the worker asks GetClusterCredentials for a temporary database password; " +
            $"S3ToRedshift:Sqs:Consumer:WaitTime {DrainPoll} so --batch ends after one short empty receive):");
        say.Quote(text);
        return path;
    }

    private void ExpectEmpty(NotifiedBucket source)
    {
        var queue = world.Aws.State.Sqs.Snapshot(source.Queue);
        var deadLetters = world.Aws.State.Sqs.Snapshot(source.DeadLetterQueue);
        DemoFailure.Unless(queue.Total == 0, $"{source.Queue} still holds {queue.Total} messages");
        DemoFailure.Unless(deadLetters.Total == 0, $"{source.DeadLetterQueue} holds {deadLetters.Total} messages");
    }

    private static string? EventKey(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("Records", out var records) && records.GetArrayLength() > 0
            ? records[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString()
            : null;
    }

    private static string JsonLines(params (int Id, string Page, string Visitor)[] rows) =>
        string.Concat(rows.Select(r =>
            $$"""{"view_id":{{r.Id}},"page":"{{r.Page}}","visitor":"{{r.Visitor}}","viewed_at":"2026-11-23 10:00:{{r.Id:00}}","source":"json"}""" + "\n"));

    private static string Csv(params (int Id, string Page, string Visitor)[] rows) =>
        "view_id,page,visitor,viewed_at,source\n" + string.Concat(rows.Select(r => $"{r.Id},{r.Page},{r.Visitor},2026-11-23 10:00:{r.Id:00},csv\n"));

    private static string Render(IEnumerable<string[]> rows) => string.Join('\n', rows.Select(r => string.Join("  ", r)));
}

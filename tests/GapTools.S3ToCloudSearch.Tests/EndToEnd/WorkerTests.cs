using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using GapTools.Cli;
using GapTools.Core;
using GapTools.Workers.Sqs;
using GapTools.LocalAws;
using GapTools.LocalAws.Faults;

namespace GapTools.S3ToCloudSearch.Tests.EndToEnd;

/// <summary>The real worker in the tool's command-line host against LocalAws S3 → SQS notifications and CloudSearch, over HTTP.</summary>
public sealed class WorkerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Add(string id, string title) => $$$"""{"type":"add","id":"{{{id}}}","fields":{"title":"{{{title}}}"}}""";

    [Fact]
    public async Task Batch_mode_indexes_every_notified_object_reports_bad_lines_and_deletes_the_messages()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.PutAsync("in/a.json", string.Join('\n', Add("a1", "one"), "{broken", Add("a2", "two")));
        await harness.PutAsync("in/b c.json", $"[{Add("b1", "x")},{Add("b2", "y")}]");
        await harness.PutAsync("in/c.json.gz", PipelineHarness.Gzip(Add("c1", "gz")));

        var exit = await harness.RunAsync(new WorkerInvocation { Batch = true });

        Assert.Equal(0, exit);
        Assert.Equal(["a1", "a2", "b1", "b2", "c1"], harness.Domain().Documents.Keys.Order());
        Assert.Equal(0, harness.Server.State.Sqs.Snapshot(WorkerHarness.Queue).Total);
        Assert.Equal(0, harness.Server.State.Sqs.Snapshot(WorkerHarness.DeadLetterQueue).Total);
        var errorFile = Assert.Single(harness.Server.State.S3.List(WorkerHarness.Bucket, "errors/"));
        var error = JsonNode.Parse(Encoding.UTF8.GetString(errorFile.Data.Span).Trim())!;
        Assert.Equal(("in/a.json", 2L), ((string?)error["key"], (long)error["line"]!));
    }

    [Fact]
    public async Task The_worker_starts_and_indexes_while_GetQueueUrl_fails_twice()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.PutAsync("in/a.json", Add("a1", "one"));
        harness.Server.Faults.Add(FaultRule.HttpError("sqs", "GetQueueUrl", HttpStatusCode.InternalServerError, "InternalError", count: 2));

        var exit = await harness.RunAsync(new WorkerInvocation { Batch = true });

        Assert.Equal(0, exit);
        Assert.Equal(["a1"], harness.Domain().Documents.Keys);
        Assert.Equal(0, harness.Server.State.Sqs.Snapshot(WorkerHarness.Queue).Total);
    }

    [Fact]
    public async Task A_key_routed_to_no_endpoint_goes_to_the_dead_letter_queue_with_the_reason()
    {
        await using var harness = await WorkerHarness.StartAsync();
        harness.Server.State.CloudSearch.CreateDomain("movies");
        await harness.PutAsync("feeds/music/1.json", Add("m", "x"));

        var exit = await harness.RunAsync(new WorkerInvocation { Batch = true }, new Dictionary<string, string?>
        {
            ["S3ToCloudSearch:DocumentEndpoint"] = null,
            ["S3ToCloudSearch:KeyRegexp"] = "^feeds/([a-z]+)/",
            ["S3ToCloudSearch:Endpoints:movies"] = harness.DocumentEndpoint("movies"),
        });

        Assert.Equal(0, exit);
        using var sqs = harness.Server.CreateSqsClient();
        var dead = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = harness.Server.SqsQueueUrl(WorkerHarness.DeadLetterQueue), MessageAttributeNames = ["All"] }, Ct);
        Assert.Contains("'music'", Assert.Single(dead.Messages!).MessageAttributes![SqsConsumer.DeadLetterReasonAttribute].StringValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_CloudSearch_stays_down_past_the_hold_the_message_comes_back_after_the_outage_delay_not_at_once()
    {
        await using var harness = await WorkerHarness.StartAsync();
        harness.Server.Faults.Add(FaultRule.HttpError("cloudsearch", "UploadDocuments", HttpStatusCode.ServiceUnavailable, "ServiceUnavailable"));
        await harness.PutAsync("in/a.json", Add("a1", "one"));

        var exit = await harness.RunAsync(new WorkerInvocation { MaxExecutionTime = TimeSpan.FromSeconds(3) }, new Dictionary<string, string?>
        {
            ["S3ToCloudSearch:UploadRetry:MaxRetryAttempts"] = "2",
            ["S3ToCloudSearch:SinkOutage:MaxHold"] = "00:00:00", // give up after the first failed call
            ["S3ToCloudSearch:SinkOutage:MinReleaseDelay"] = "00:05:00",
            ["S3ToCloudSearch:SinkOutage:MaxReleaseDelay"] = "00:10:00",
        });

        Assert.Equal(0, exit);
        Assert.Empty(harness.Domain().Documents);
        Assert.Equal(3, harness.Server.Requests.Count("cloudsearch", "UploadDocuments")); // 1 + 2 retries, then wait
        var queue = harness.Server.State.Sqs.Snapshot(WorkerHarness.Queue);
        Assert.Equal(1, queue.Total);
        Assert.Equal(0, queue.Visible); // invisible for the outage's release delay
    }

    [Fact]
    public async Task Three_413s_for_a_one_document_batch_within_the_limit_are_retried_and_the_document_is_indexed()
    {
        await using var harness = await WorkerHarness.StartAsync();
        var document = """{"type":"add","id":"a1","fields":{"t":"x"}}""";
        harness.Server.Faults.Add(FaultRule.HttpError("cloudsearch", "UploadDocuments", HttpStatusCode.RequestEntityTooLarge, "RequestTooLarge", count: 3));
        await harness.PutAsync("in/one.json", document);

        // One retry per call: the first call fails twice, the outage guard probes again, and its retry succeeds.
        var exit = await harness.RunAsync(new WorkerInvocation { Batch = true }, new Dictionary<string, string?>
        {
            ["S3ToCloudSearch:UploadRetry:MaxRetryAttempts"] = "1",
            ["S3ToCloudSearch:SinkOutage:ProbeDelay"] = "00:00:00.050",
            ["S3ToCloudSearch:SinkOutage:MaxProbeDelay"] = "00:00:00.200",
        });

        Assert.Equal(0, exit);
        Assert.Equal(["a1"], harness.Domain().Documents.Keys);
        Assert.Equal([document.Length + 2], harness.Domain().BatchSizes); // the 44-byte batch, accepted on the 4th attempt
        Assert.Equal(4, harness.Server.Requests.Count("cloudsearch", "UploadDocuments"));
        Assert.Empty(harness.Server.State.S3.List(WorkerHarness.Bucket, "errors/")); // no error line
        Assert.Equal(0, harness.Server.State.Sqs.Snapshot(WorkerHarness.Queue).Total); // deleted once indexed
        Assert.Equal(0, harness.Server.State.Sqs.Snapshot(WorkerHarness.DeadLetterQueue).Total);
    }

    [Fact]
    public async Task Backfill_indexes_the_objects_under_a_prefix_without_the_queue()
    {
        await using var harness = await WorkerHarness.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            harness.Server.State.S3.PutObject(WorkerHarness.Bucket, $"old/{i}.json", Encoding.UTF8.GetBytes(Add($"old{i}", "x")));
        }

        var exit = await harness.RunAsync(new WorkerInvocation { Backfill = S3Uri.Parse($"s3://{WorkerHarness.Bucket}/old/") });

        Assert.Equal(0, exit);
        Assert.Equal(5, harness.Domain().Documents.Count);
        Assert.Equal(1, harness.Domain().AcceptedBatches); // one listing page is one unit: one batch
    }

    [Fact]
    public async Task An_event_file_is_replayed()
    {
        await using var harness = await WorkerHarness.StartAsync();
        harness.Server.State.S3.PutObject(WorkerHarness.Bucket, "x y.json", Encoding.UTF8.GetBytes(Add("x", "y")));
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, EventFileLine(WorkerHarness.Bucket, "x+y.json"), Ct);

        var exit = await harness.RunAsync(new WorkerInvocation { EventFile = file });

        File.Delete(file);
        Assert.Equal(0, exit);
        Assert.Equal(["x"], harness.Domain().Documents.Keys);
    }

    [Fact]
    public async Task Dry_run_prints_routes_and_where_each_event_would_go_and_touches_nothing()
    {
        await using var harness = await WorkerHarness.StartAsync();
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, EventFileLine(WorkerHarness.Bucket, "feeds/movies/1.json") + "\n" + EventFileLine(WorkerHarness.Bucket, "feeds/music/1.json"), Ct);
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        int exit;
        try
        {
            exit = await harness.RunAsync(new WorkerInvocation { DryRun = true, EventFile = file }, new Dictionary<string, string?>
            {
                ["S3ToCloudSearch:DocumentEndpoint"] = null,
                ["S3ToCloudSearch:KeyRegexp"] = "^feeds/([a-z]+)/",
                ["S3ToCloudSearch:Endpoints:movies"] = "https://user:secret@doc-movies-x.us-east-1.cloudsearch.amazonaws.com",
            });
        }
        finally
        {
            Console.SetOut(previous);
            File.Delete(file);
        }

        var text = output.ToString();
        Assert.Equal(0, exit);
        Assert.Contains("$1 = 'movies' => movies: https://****@doc-movies-x", text, StringComparison.Ordinal);
        Assert.Contains($"s3://{WorkerHarness.Bucket}/feeds/movies/1.json => movies:", text, StringComparison.Ordinal);
        Assert.Contains($"s3://{WorkerHarness.Bucket}/feeds/music/1.json => error: key 'feeds/music/1.json' selects endpoint 'music'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.Equal(0, harness.Server.Requests.Count("cloudsearch"));
    }

    [Fact]
    public async Task Dry_run_of_the_queue_names_it_the_drain_mode_and_the_aws_endpoint()
    {
        await using var harness = await WorkerHarness.StartAsync();
        var (exit, text) = await DryRunAsync(harness, new WorkerInvocation { DryRun = true, Batch = true, MaxExecutionTime = TimeSpan.FromMinutes(10) });

        Assert.Equal(0, exit);
        Assert.Contains($"source: SQS queue {WorkerHarness.Queue}, dead letters to {WorkerHarness.DeadLetterQueue}, until drained, for at most 00:10:00", text, StringComparison.Ordinal);
        Assert.Contains($"aws: region us-east-1, endpoint {harness.Server.ServiceUrl}", text, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.AccessKey.SecretAccessKey, text, StringComparison.Ordinal);
        Assert.Equal(0, harness.Server.Requests.Count("sqs"));
    }

    [Fact]
    public async Task Dry_run_of_the_queue_without_one_is_bad_configuration()
    {
        await using var harness = await WorkerHarness.StartAsync();
        var (exit, _) = await DryRunAsync(harness, new WorkerInvocation { DryRun = true }, new Dictionary<string, string?> { ["S3ToCloudSearch:Sqs:Queue"] = null });

        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task An_event_file_needs_no_queue()
    {
        await using var harness = await WorkerHarness.StartAsync();
        harness.Server.State.S3.PutObject(WorkerHarness.Bucket, "a.json", Encoding.UTF8.GetBytes(Add("a", "b")));
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, EventFileLine(WorkerHarness.Bucket, "a.json"), Ct);

        var exit = await harness.RunAsync(new WorkerInvocation { EventFile = file }, new Dictionary<string, string?> { ["S3ToCloudSearch:Sqs:Queue"] = null });

        File.Delete(file);
        Assert.Equal(0, exit);
        Assert.Equal(["a"], harness.Domain().Documents.Keys);
    }

    [Fact]
    public async Task Bad_configuration_exits_1_before_anything_is_read()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.PutAsync("in/a.json", Add("a", "b"));
        var before = harness.Server.State.Sqs.Snapshot(WorkerHarness.Queue);

        var exit = await harness.RunAsync(new WorkerInvocation { Batch = true }, new Dictionary<string, string?> { ["S3ToCloudSearch:MaxBatchBytes"] = "100" });

        Assert.Equal(1, exit);
        Assert.Equal(0, harness.Server.Requests.Count("sqs", "ReceiveMessage"));
        Assert.Equal(before, harness.Server.State.Sqs.Snapshot(WorkerHarness.Queue));
    }

    private static async Task<(int Exit, string Output)> DryRunAsync(WorkerHarness harness, WorkerInvocation invocation, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            return (await harness.RunAsync(invocation, settings), output.ToString());
        }
        finally
        {
            Console.SetOut(previous);
        }
    }

    private static string EventFileLine(string bucket, string encodedKey) =>
        $$$$"""{"Records":[{"eventSource":"aws:s3","eventTime":"2026-01-02T03:04:05.000Z","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"{{{{bucket}}}}"},"object":{"key":"{{{{encodedKey}}}}","size":10}}}]}""";
}

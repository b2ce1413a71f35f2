using System.Text;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using GapTools.LocalAws;
using GapTools.LocalAws.CloudSearch;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.S3ToCloudSearch.Tests.Fakes;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging;

namespace GapTools.S3ToCloudSearch.Tests.EndToEnd;

/// <summary>
/// What fujiwara/s32cs v1.2.0 makes of its input, as this tool's own contract: objects put through S3, their
/// notifications read from SQS, the documents found in LocalAws's CloudSearch domains afterwards. Each expectation
/// names the s32cs behaviour it encodes (client.go BuildAndFlush, sdf.go Validate, client.go Process); where the tool
/// deliberately differs, the test says so and docs/migrating-from-s32cs.md says why.
/// </summary>
public sealed class S32csCompatibilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static S3ToCloudSearchOptions Options(WorkerHarness harness)
    {
        var options = new S3ToCloudSearchOptions { DocumentEndpoint = harness.DocumentEndpoint(), ErrorsLocation = $"s3://{WorkerHarness.Bucket}/errors/" };
        options.Sqs.Queue = WorkerHarness.Queue;
        options.Sqs.DeadLetterQueue = WorkerHarness.DeadLetterQueue;
        options.Sqs.Consumer.WaitTime = TimeSpan.FromSeconds(1);
        options.Sqs.Consumer.Mode = SqsConsumerMode.DrainAndExit;
        return options;
    }

    private static async Task<ListLogger> DrainAsync(WorkerHarness harness, S3ToCloudSearchOptions options)
    {
        var provider = new ListLoggerProvider();
        using var loggers = new LoggerFactory([provider]);
        await using var worker = S3ToCloudSearchWorker.Create(options, harness.AwsOptions(), loggers);
        var summary = await worker.RunAsync(Ct);
        Assert.Equal(SqsStopReason.Drained, summary.StopReason);
        return provider.Logger;
    }

    private static byte[] Lines(params object[] lines) =>
        [.. lines.SelectMany(line => (line is byte[] bytes ? bytes : Encoding.UTF8.GetBytes((string)line)).Append((byte)'\n'))];

    private static void AssertDocuments(CloudSearchDomainState domain, IReadOnlyDictionary<string, string> expected)
    {
        Assert.Equal(expected.Keys.Order(), domain.Documents.Keys.Order());
        foreach (var (id, fields) in expected)
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(fields), domain.Documents[id]), $"{id}: {domain.Documents[id].ToJsonString()}");
        }
    }

    [Fact]
    public async Task An_s32cs_feed_is_indexed_as_s32cs_indexes_it()
    {
        await using var harness = await WorkerHarness.StartAsync();
        byte[] invalidUtf8 = [.. Encoding.UTF8.GetBytes("""{"id":"u1","type":"add","fields":{"t":"a"""), 0xFF, (byte)'b', 0xE3, 0x81, .. Encoding.UTF8.GetBytes("""c"}}""")];
        await harness.PutAsync("in/s32cs.json", Lines(
            """{"type":"add","id":"99999","fields":{"t":"to be deleted"}}""",
            // s32cs's own test.json, line for line.
            """{"id":"12345","type":"add","fields":{"created_at":"2017-07-24T11:22:33Z","title":"\u30c6\u30b9\u30c8","id":"12345","description":"\u8cb4\u793e\u306e\u8a18\u8005\u304c\u6c7d\u8eca\u3067\u5e30\u793e\u3057\u305f"}}""",
            """{"type":"add","id":"12347","fields":{"id":"12347","title":"\u001f"}}""",
            """{"type":"add","id":"12346","fields":{"id":"12346","title":"\u30c6\u30b9\u30c82","description":"\u3068\u306a\u308a\u306e\u5ba2\u306f\u3088\u304f\u67ff\u98df\u3046\u5ba2\u3060","created_at":"2017-07-24T12:23:56Z"}}""",
            """{"type":"delete","id":"99999"}""",
            """{"type":"xxx"}""",
            // Go's encoding/json drops properties SDFRecord has no field for, and matches names ignoring case.
            """{"version":2,"id":"v1","type":"add","lang":"ja","fields":{"t":"x"},"_comment":"from the ETL"}""",
            """{"ID":"c1","Type":"add","Fields":{"t":"case"}}""",
            // Invalid UTF-8 becomes U+FFFD, one per byte, and so do lone surrogate escapes; sdf.go strips what XML forbids.
            invalidUtf8,
            """{"id":"u2","type":"add","fields":{"t":["x\ud800y","bell\u0007","\uffff"]}}"""));

        var log = await DrainAsync(harness, Options(harness));

        AssertDocuments(harness.Domain(), new Dictionary<string, string>
        {
            ["12345"] = """{"created_at":"2017-07-24T11:22:33Z","title":"テスト","id":"12345","description":"貴社の記者が汽車で帰社した"}""",
            ["12347"] = """{"id":"12347","title":""}""",
            ["12346"] = """{"id":"12346","title":"テスト2","description":"となりの客はよく柿食う客だ","created_at":"2017-07-24T12:23:56Z"}""",
            ["v1"] = """{"t":"x"}""",
            ["c1"] = """{"t":"case"}""",
            ["u1"] = """{"t":"a\ufffdb\ufffd\ufffdc"}""",
            ["u2"] = """{"t":["x\ufffdy","bell",""]}""",
        });
        Assert.Equal(0, harness.Server.State.Sqs.Snapshot(WorkerHarness.Queue).Total);
        // One line for the object, naming it and every property left out.
        var ignored = Assert.Single(log.Lines, l => l.Message.Contains("left out", StringComparison.Ordinal));
        Assert.Contains($"s3://{WorkerHarness.Bucket}/in/s32cs.json", ignored.Message, StringComparison.Ordinal);
        Assert.EndsWith("1 documents (as s32cs does): version, lang, _comment", ignored.Message, StringComparison.Ordinal);
        // Where s32cs logs a warning and drops {"type":"xxx"}, it is an error line here (line 6 of the object).
        var errorFile = Assert.Single(harness.Server.State.S3.List(WorkerHarness.Bucket, "errors/"));
        Assert.Equal(6L, (long)JsonNode.Parse(Encoding.UTF8.GetString(errorFile.Data.Span).Trim())!["line"]!);
    }

    [Fact]
    public async Task Lines_after_a_broken_one_are_indexed_where_s32cs_stops_reading_the_object()
    {
        // Deliberate difference: s32cs's decoder loop breaks at the first undecodable value and flushes what it had.
        await using var harness = await WorkerHarness.StartAsync();
        await harness.PutAsync("in/a.json", Lines(
            """{"type":"add","id":"a","fields":{"t":"1"}}""",
            """{"type":"add","id":7,"fields":{"t":"2"}}""",
            """{"type":"add","id":"b","fields":{"t":"3"}}"""));

        await DrainAsync(harness, Options(harness));

        AssertDocuments(harness.Domain(), new Dictionary<string, string> { ["a"] = """{"t":"1"}""", ["b"] = """{"t":"3"}""" });
    }

    [Fact]
    public async Task Where_s32cs_loses_documents_or_digits_they_are_indexed_as_written()
    {
        // Deliberate differences, each measured against the s32cs v1.2.0 peer (docs/migrating-from-s32cs.md):
        // s32cs strips non-BMP characters, rounds numbers through float64, reads gzip only by the .gz suffix, cannot
        // fetch a key with a space (notified as '+') and lets one line CloudSearch refuses fail the whole batch.
        await using var harness = await WorkerHarness.StartAsync();
        await harness.PutAsync("in/text.json", Lines(
            """{"type":"add","id":"e1","fields":{"t":"emoji 😀 and \ud83d\ude00"}}""",
            """{"type":"add","id":"n1","fields":{"big":12345678901234567890,"one":1.0}}"""));
        await harness.PutAsync("in/gzipped-without-suffix.json", PipelineHarness.Gzip("""{"type":"add","id":"g1","fields":{"t":"gz"}}"""));
        await harness.PutAsync("in/a b.json", Lines("""{"type":"add","id":"s1","fields":{"t":"space"}}"""));
        await harness.PutAsync("in/refused.json", Lines("""{"type":"add","id":"r1","fields":{"t":"ok"}}""", """{"type":"add","id":"r2"}"""));

        await DrainAsync(harness, Options(harness));

        AssertDocuments(harness.Domain(), new Dictionary<string, string>
        {
            ["e1"] = """{"t":"emoji 😀 and 😀"}""",
            ["n1"] = """{"big":12345678901234567890,"one":1.0}""",
            ["g1"] = """{"t":"gz"}""",
            ["s1"] = """{"t":"space"}""",
            ["r1"] = """{"t":"ok"}""",
        });
        // The digits themselves, not a double that happens to compare equal.
        Assert.Equal("12345678901234567890", harness.Domain().Documents["n1"]["big"]!.ToJsonString());
    }

    [Fact]
    public async Task An_s32cs_KEY_REGEXP_selects_the_endpoint_its_capture_names()
    {
        await using var harness = await WorkerHarness.StartAsync();
        harness.Server.State.CloudSearch.CreateDomain("movies");
        var movies = harness.DocumentEndpoint("movies").TrimEnd('/');
        await harness.PutAsync($"example/{movies}/1.json", Lines("""{"type":"add","id":"m1","fields":{"t":"movie"}}"""));
        await harness.PutAsync("other/1.json", Lines("""{"type":"add","id":"d1","fields":{"t":"default"}}"""));
        await harness.PutAsync("example/169.254.169.254/1.json", Lines("""{"type":"add","id":"x1","fields":{"t":"never sent"}}"""));
        var options = Options(harness);
        options.KeyRegexp = "^example/(.+)/[^/]+$";
        options.KeyRegexpCapture = KeyRegexpCapture.Endpoint;

        await DrainAsync(harness, options);

        AssertDocuments(harness.Domain("movies"), new Dictionary<string, string> { ["m1"] = """{"t":"movie"}""" });
        AssertDocuments(harness.Domain(), new Dictionary<string, string> { ["d1"] = """{"t":"default"}""" });
        // Deliberate difference: s32cs would post to any host a key names; here only CloudSearch's or DocumentEndpoint's.
        using var sqs = harness.Server.CreateSqsClient();
        var dead = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = harness.Server.SqsQueueUrl(WorkerHarness.DeadLetterQueue), MessageAttributeNames = ["All"] }, Ct);
        Assert.Contains("neither a CloudSearch document endpoint", Assert.Single(dead.Messages!).MessageAttributes![SqsConsumer.DeadLetterReasonAttribute].StringValue, StringComparison.Ordinal);
    }
}

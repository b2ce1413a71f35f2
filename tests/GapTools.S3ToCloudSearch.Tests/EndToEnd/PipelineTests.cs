using System.Net;
using System.Text;
using GapTools.Core.Resilience;
using GapTools.LocalAws.CloudSearch;
using GapTools.LocalAws.Faults;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.S3ToCloudSearch.Conversion;
using GapTools.S3ToCloudSearch.Sink;
using GapTools.S3ToCloudSearch.Tests.Fakes;
using GapTools.Workers.Outage;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace GapTools.S3ToCloudSearch.Tests.EndToEnd;

/// <summary>The document pipeline against LocalAws S3 and CloudSearch over real HTTP.</summary>
public sealed class PipelineTests
{
    private static string Add(string id, string title) => $$$"""{"type":"add","id":"{{{id}}}","fields":{"title":"{{{title}}}"}}""";

    [Fact]
    public async Task Add_and_delete_lines_reach_the_domain()
    {
        await using var harness = await PipelineHarness.StartAsync();
        harness.Put("a.json", string.Join('\n', Add("d1", "one"), Add("d2", "two"), Add("d3", "three"), """{"type":"delete","id":"d2"}"""));

        Assert.Equal(MessageDispositionKind.Delete, (await harness.ProcessAsync("a.json")).Kind);

        var domain = harness.Domain();
        Assert.Equal(["d1", "d3"], domain.Documents.Keys.Order());
        Assert.Equal("three", (string?)domain.Documents["d3"]["title"]);
        Assert.Equal(1, domain.AcceptedBatches);
    }

    [Fact]
    public async Task Json_arrays_and_gzip_with_or_without_suffix_are_read()
    {
        await using var harness = await PipelineHarness.StartAsync();
        harness.Put("array.json", $"[\n{Add("a1", "x")},\n{Add("a2", "y")}\n]");
        harness.Put("lines.json.gz", PipelineHarness.Gzip($"{Add("g1", "x")}\n{Add("g2", "y")}\n"));
        harness.Put("no-suffix", PipelineHarness.Gzip($"[{Add("n1", "x")}]"));

        var result = await harness.ProcessAsync("array.json", "lines.json.gz", "no-suffix");

        Assert.Equal(MessageDispositionKind.Delete, result.Kind);
        Assert.Equal(["a1", "a2", "g1", "g2", "n1"], harness.Domain().Documents.Keys.Order());
        Assert.Equal(1, harness.Domain().AcceptedBatches); // one message's objects share a batch
    }

    [Fact]
    public async Task A_gzip_object_stored_with_content_encoding_gzip_is_read_through_the_sdk()
    {
        await using var harness = await PipelineHarness.StartAsync();
        await harness.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = PipelineHarness.Bucket,
            Key = "encoded",
            InputStream = new MemoryStream(PipelineHarness.Gzip(Add("e1", "x") + "\n" + Add("e2", "y"))),
            Headers = { ContentEncoding = "gzip", ContentType = "application/x-ndjson" },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(MessageDispositionKind.Delete, (await harness.ProcessAsync("encoded")).Kind);
        Assert.Equal(["e1", "e2"], harness.Domain().Documents.Keys.Order());
    }

    [Fact]
    public async Task Invalid_lines_in_the_middle_are_reported_with_their_numbers_and_every_valid_document_arrives()
    {
        await using var harness = await PipelineHarness.StartAsync();
        var lines = new List<string>();
        for (var i = 1; i <= 100; i++)
        {
            lines.Add(i switch
            {
                10 => "{not json",
                20 => """{"type":"add","id":"bad id","fields":{"t":"x"}}""",
                30 => """{"type":"add","id":"x","fields":{"Title":"x"}}""",
                _ => Add($"d{i}", $"doc {i}"),
            });
        }

        harness.Put("mixed.json", string.Join('\n', lines));

        Assert.Equal(MessageDispositionKind.Delete, (await harness.ProcessAsync("mixed.json")).Kind);

        Assert.Equal(97, harness.Domain().Documents.Count);
        var errors = harness.ErrorLines("mixed.json");
        Assert.Equal([10L, 20L, 30L], errors.Select(e => (long)e["line"]!));
        Assert.All(errors, e => Assert.Equal("mixed.json", (string?)e["key"]));
        Assert.Equal("{not json", (string?)errors[0]["raw"]);
        Assert.Contains("id 'bad id' is invalid", (string?)errors[1]["reason"], StringComparison.Ordinal);
        Assert.Contains("invalid field name 'Title'", (string?)errors[2]["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_of_1_2_MB_is_rejected_alone()
    {
        await using var harness = await PipelineHarness.StartAsync();
        var big = Add("big", new string('b', 1_200_000));
        harness.Put("big.json", string.Join('\n', Add("before", "x"), big, Add("after", "y")));

        Assert.Equal(MessageDispositionKind.Delete, (await harness.ProcessAsync("big.json")).Kind);

        Assert.Equal(["after", "before"], harness.Domain().Documents.Keys.Order());
        var error = Assert.Single(harness.ErrorLines("big.json"));
        Assert.Equal(2L, (long)error["line"]!);
        Assert.Equal("too_large", (string?)error["kind"]);
        Assert.Contains("document limit", (string?)error["reason"], StringComparison.Ordinal);
        Assert.Equal(0, harness.Domain().RejectedBatches);
    }

    [Fact]
    public async Task Characters_xml_forbids_are_stripped_before_upload()
    {
        await using var harness = await PipelineHarness.StartAsync();
        harness.Put("ctl.json", """{"type":"add","id":"c1","fields":{"title":"bell\u0007 tab\t ok\u0000","tags":["a\u001fb"]}}""");

        Assert.Equal(MessageDispositionKind.Delete, (await harness.ProcessAsync("ctl.json")).Kind);

        var stored = harness.Domain().Documents["c1"];
        Assert.Equal("bell tab\t ok", (string?)stored["title"]);
        Assert.Equal("ab", (string?)stored["tags"]![0]);
        Assert.Empty(harness.ErrorLines("ctl.json"));
    }

    [Fact]
    public async Task Batches_never_exceed_the_limit_and_fill_it()
    {
        await using var harness = await PipelineHarness.StartAsync();
        var random = new Random(42);
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(Add($"doc-{i}", new string('t', random.Next(50, 2000)))).Append('\n');
        }

        harness.Put("many.json", text.ToString());

        Assert.Equal(MessageDispositionKind.Delete, (await harness.ProcessAsync("many.json")).Kind);

        var sizes = harness.Domain().BatchSizes.ToArray();
        Assert.Equal(20_000, harness.Domain().Documents.Count);
        Assert.True(sizes.Length >= 4, $"{sizes.Length} batches");
        Assert.All(sizes, s => Assert.True(s <= SdfLimits.MaxBatchBytes, $"{s} bytes"));
        // Every batch but the last stops only because the next document (at most ~2 KB) would not fit.
        Assert.All(sizes[..^1], s => Assert.True(s > SdfLimits.MaxBatchBytes - 2100, $"{s} bytes"));
    }

    [Fact]
    public async Task With_30_percent_of_uploads_failing_504_or_507_every_document_arrives()
    {
        var retry = ResiliencePipelines.Create(
            new RetryOptions { MaxRetryAttempts = 12, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) },
            "test.upload");
        await using var harness = await PipelineHarness.StartAsync(
            url => new S3ToCloudSearchOptions
            {
                DocumentEndpoint = CloudSearchStore.DocumentEndpoint(url, CloudSearchStore.DefaultDomain).ToString(),
                MaxBatchBytes = 16 * 1024, // below the validated minimum, to make many batches from little data
            },
            retry);
        var random = new Random(30);
        harness.Server.Faults.Randomizer = random.NextDouble;
        harness.Server.Faults.Add(FaultRule.HttpError("cloudsearch", "UploadDocuments", HttpStatusCode.GatewayTimeout, "GatewayTimeout", rate: 0.15));
        harness.Server.Faults.Add(FaultRule.HttpError("cloudsearch", "UploadDocuments", HttpStatusCode.InsufficientStorage, "InsufficientStorage", rate: 0.18));
        harness.Put("faults.json", string.Join('\n', Enumerable.Range(0, 20_000).Select(i => Add($"d{i}", $"title {i}"))));

        Assert.Equal(MessageDispositionKind.Delete, (await harness.ProcessAsync("faults.json")).Kind);

        var domain = harness.Domain();
        Assert.Equal(20_000, domain.Documents.Count);
        var calls = harness.Server.Requests.Count("cloudsearch", "UploadDocuments");
        var failed = harness.Server.Requests.CountErrors("cloudsearch", "UploadDocuments");
        Assert.Equal(calls - failed, domain.AcceptedBatches);
        Assert.InRange(failed / (double)calls, 0.2, 0.4);
        Assert.True(domain.AcceptedBatches >= 50, $"{domain.AcceptedBatches} batches");
    }

    [Fact]
    public async Task An_injected_413_splits_the_batch_and_every_document_arrives()
    {
        await using var harness = await PipelineHarness.StartAsync();
        harness.Server.Faults.Add(FaultRule.HttpError("cloudsearch", "UploadDocuments", HttpStatusCode.RequestEntityTooLarge, "RequestTooLarge", count: 1));
        harness.Put("s.json", string.Join('\n', Enumerable.Range(0, 10).Select(i => Add($"d{i}", "x"))));

        Assert.Equal(MessageDispositionKind.Delete, (await harness.ProcessAsync("s.json")).Kind);

        Assert.Equal(10, harness.Domain().Documents.Count);
        Assert.Equal([5, 5], harness.Domain().BatchSizes.Select(s => s / (Add("d0", "x").Length + 1)));
    }

    [Fact]
    public async Task A_batch_limit_misconfigured_above_the_service_limit_is_rescued_by_413_splits()
    {
        await using var harness = await PipelineHarness.StartAsync(url => new S3ToCloudSearchOptions
        {
            DocumentEndpoint = CloudSearchStore.DocumentEndpoint(url, CloudSearchStore.DefaultDomain).ToString(),
            MaxBatchBytes = 12 * 1024 * 1024, // validation would refuse this; the pipeline is built without it here
        });
        var text = string.Join('\n', Enumerable.Range(0, 12).Select(i => Add($"d{i}", new string('m', 900_000))));
        harness.Put("huge.json", text);

        Assert.Equal(MessageDispositionKind.Delete, (await harness.ProcessAsync("huge.json")).Kind);

        Assert.Equal(12, harness.Domain().Documents.Count);
        Assert.True(harness.Domain().RejectedBatches >= 1);
        Assert.All(harness.Domain().BatchSizes, s => Assert.True(s <= SdfLimits.MaxBatchBytes));
    }

    [Fact]
    public async Task Documents_the_service_refuses_by_name_become_error_lines_and_the_rest_is_uploaded()
    {
        await using var harness = await PipelineHarness.StartAsync();
        var errors = new FakeS3ObjectStore();
        var sink = new ErrorSink(errors, new GapTools.Core.S3Uri("errors", "e/"), harness.Metrics, NullLogger.Instance);
        var uploader = new BatchUploader(harness.Client(), ResiliencePipeline.Empty, sink, harness.Metrics, NullLogger.Instance);
        var progress = TestObjects.Progress("refused.json");
        // Bypasses the converter, which would have caught these: the service's own validation is what is tested.
        var batch = TestObjects.Batch(progress,
            Encoding.UTF8.GetBytes(Add("ok1", "x")),
            Encoding.UTF8.GetBytes("""{"type":"add","id":"bad","fields":{"Title":"x"}}"""),
            Encoding.UTF8.GetBytes(Add("ok2", "y")),
            Encoding.UTF8.GetBytes("""{"type":"delete","id":"worse","fields":{"t":"x"}}"""));
        progress.Unit.Seal();

        await uploader.UploadAsync(batch, TestContext.Current.CancellationToken);
        await sink.FlushAsync(progress, TestContext.Current.CancellationToken);

        Assert.True(progress.Unit.Completion.IsCompletedSuccessfully);
        Assert.Equal(["ok1", "ok2"], harness.Domain().Documents.Keys.Order());
        Assert.Equal((1, 1), (harness.Domain().RejectedBatches, harness.Domain().AcceptedBatches));
        var lines = Encoding.UTF8.GetString(errors.Objects.Values.Single()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).ToList();
        Assert.Equal([2L, 4L], lines.Select(l => (long)l["line"]!));
        Assert.All(lines, l => Assert.Equal("rejected", (string?)l["kind"]));
        Assert.Contains("Document 'bad' (#1)", (string?)lines[0]["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counters_report_documents_batches_bytes_invalid_lines_and_stripped_characters()
    {
        await using var harness = await PipelineHarness.StartAsync();
        var totals = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == S3ToCloudSearchMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        var mine = new System.Diagnostics.Metrics.Instrument[] { harness.Metrics.Documents, harness.Metrics.Batches, harness.Metrics.Bytes, harness.Metrics.InvalidLines, harness.Metrics.StrippedCharacters };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (mine.Contains(instrument))
            {
                totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
            }
        });
        listener.Start();
        harness.Put("m.json", string.Join('\n', Add("a", "x"), "{bad", """{"type":"add","id":"b","fields":{"t":"a\u0000\u0001b"}}"""));

        Assert.Equal(MessageDispositionKind.Delete, (await harness.ProcessAsync("m.json")).Kind);

        Assert.Equal(2, totals["gaptools.s3tocloudsearch.documents"]);
        Assert.Equal(1, totals["gaptools.s3tocloudsearch.batches"]);
        Assert.Equal(harness.Domain().BatchSizes.Single(), totals["gaptools.s3tocloudsearch.bytes"]);
        Assert.Equal(1, totals["gaptools.s3tocloudsearch.invalid_lines"]);
        Assert.Equal(2, totals["gaptools.s3tocloudsearch.stripped_characters"]);
    }

    [Fact]
    public async Task Two_endpoints_are_chosen_by_key_regexp()
    {
        await using var harness = await PipelineHarness.StartAsync(
            url => new S3ToCloudSearchOptions
            {
                DocumentEndpoint = CloudSearchStore.DocumentEndpoint(url, CloudSearchStore.DefaultDomain).ToString(),
                KeyRegexp = "^feeds/([a-z]+)/",
                Endpoints = new()
                {
                    ["movies"] = CloudSearchStore.DocumentEndpoint(url, "movies").ToString(),
                    ["books"] = CloudSearchStore.DocumentEndpoint(url, "books").ToString(),
                },
            },
            domains: ["movies", "books"]);
        harness.Put("feeds/movies/1.json", Add("m1", "Seeker"));
        harness.Put("feeds/books/1.json", Add("b1", "Dune"));
        harness.Put("other/1.json", Add("o1", "x"));

        Assert.Equal(MessageDispositionKind.Delete, (await harness.ProcessAsync("feeds/movies/1.json", "feeds/books/1.json", "other/1.json")).Kind);

        Assert.Equal(["m1"], harness.Domain("movies").Documents.Keys);
        Assert.Equal(["b1"], harness.Domain("books").Documents.Keys);
        Assert.Equal(["o1"], harness.Domain().Documents.Keys);
    }

    [Fact]
    public async Task A_key_selecting_an_unconfigured_endpoint_makes_the_message_undeliverable()
    {
        await using var harness = await PipelineHarness.StartAsync(url => new S3ToCloudSearchOptions
        {
            KeyRegexp = "^feeds/([a-z]+)/",
            Endpoints = new() { ["movies"] = CloudSearchStore.DocumentEndpoint(url, "movies").ToString() },
        }, domains: ["movies"]);
        harness.Put("feeds/music/1.json", Add("x", "y"));

        var result = await harness.ProcessAsync("feeds/music/1.json");

        Assert.Equal(MessageDispositionKind.DeadLetter, result.Kind);
        Assert.Contains("'music'", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_object_has_nothing_to_index()
    {
        await using var harness = await PipelineHarness.StartAsync();

        Assert.Equal(MessageDispositionKind.Delete, (await harness.ProcessAsync("gone.json")).Kind);
    }

    [Fact]
    public async Task A_permanent_upload_failure_leaves_the_message_to_retry()
    {
        await using var harness = await PipelineHarness.StartAsync(url => new S3ToCloudSearchOptions
        {
            DocumentEndpoint = CloudSearchStore.DocumentEndpoint(url, "nosuchdomain").ToString(),
        });
        harness.Put("a.json", Add("a", "b"));

        var result = await harness.ProcessAsync("a.json");

        Assert.Equal((MessageDispositionKind.RetryAfter, S3ToCloudSearchDefaults.FailedMessageDelay), (result.Kind, result.Delay));
        Assert.Contains("not every document could be uploaded", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_CloudSearch_stays_down_past_the_hold_the_message_comes_back_after_the_outage_delay_and_the_rest_is_not_read()
    {
        await using var harness = await PipelineHarness.StartAsync(
            url => new S3ToCloudSearchOptions
            {
                DocumentEndpoint = CloudSearchStore.DocumentEndpoint(url, CloudSearchStore.DefaultDomain).ToString(),
                MaxBatchBytes = 16 * 1024, // below the validated minimum: many batches from one object
            },
            outageFor: _ => new SinkOutage("CloudSearch", new SinkOutageOptions
            {
                MaxHold = TimeSpan.FromSeconds(1),
                ProbeDelay = TimeSpan.FromMilliseconds(50),
                MaxProbeDelay = TimeSpan.FromMilliseconds(200),
                MinReleaseDelay = TimeSpan.FromSeconds(30),
                MaxReleaseDelay = TimeSpan.FromMinutes(10),
            }, new ResilienceInputs { ExtraClassifier = DocumentServiceException.Classify }));
        harness.Server.Faults.Add(FaultRule.HttpError("cloudsearch", "UploadDocuments", HttpStatusCode.ServiceUnavailable, "ServiceUnavailable"));
        harness.Put("big.json", string.Join('\n', Enumerable.Range(0, 5000).Select(i => Add($"d{i}", "x")))); // about 16 batches
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = await harness.ProcessAsync("big.json");

        Assert.Equal(MessageDispositionKind.RetryAfter, result.Kind);
        Assert.InRange(result.Delay, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(36)); // the outage's delay, not FailedMessageDelay, never 0
        Assert.Contains("CloudSearch has been unavailable for", result.Reason, StringComparison.Ordinal);
        // Held for the hold once, then given up: reading on would hold each of the other batches as long again.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"{watch.Elapsed}");
        Assert.Empty(harness.Domain().Documents);
    }

    [Fact]
    public async Task Error_files_are_not_indexed_themselves()
    {
        await using var harness = await PipelineHarness.StartAsync();
        harness.Put("errors/input/x.json.errors-0001.jsonl", """{"bucket":"input","key":"x.json","line":1}""");

        Assert.Equal(MessageDispositionKind.Delete, (await harness.ProcessAsync("errors/input/x.json.errors-0001.jsonl")).Kind);
        Assert.Equal(0, harness.Server.Requests.Count("cloudsearch"));
    }
}

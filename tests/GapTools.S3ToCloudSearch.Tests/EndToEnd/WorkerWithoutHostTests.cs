using Amazon;
using Amazon.Extensions.NETCore.Setup;
using GapTools.Core.S3Events;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.Workers;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GapTools.S3ToCloudSearch.Tests.EndToEnd;

/// <summary><see cref="S3ToCloudSearchWorker"/> on its own: created from options in code, no host, no container.</summary>
public sealed class WorkerWithoutHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Add(string id, string title) => $$$"""{"type":"add","id":"{{{id}}}","fields":{"title":"{{{title}}}"}}""";

    private static S3ToCloudSearchOptions Options(WorkerHarness harness)
    {
        var options = new S3ToCloudSearchOptions { DocumentEndpoint = harness.DocumentEndpoint() };
        options.Sqs.Queue = WorkerHarness.Queue;
        options.Sqs.Consumer.WaitTime = TimeSpan.FromSeconds(1);
        options.Sqs.Consumer.Mode = SqsConsumerMode.DrainAndExit;
        return options;
    }

    [Fact]
    public async Task RunAsync_drains_the_queue_and_reports_what_it_did()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.PutAsync("in/a.json", Add("a1", "one"));
        await harness.PutAsync("in/b.json", Add("b1", "two"));
        var options = Options(harness);
        await using var worker = S3ToCloudSearchWorker.Create(options, harness.AwsOptions(), NullLoggerFactory.Instance);
        options.DocumentEndpoint = "http://changed.invalid/"; // the worker keeps its own copy

        var summary = await worker.RunAsync(Ct);

        // The bucket's s3:TestEvent is the third message: read, ignored, deleted.
        Assert.Equal((3, 3, SqsStopReason.Drained), (summary.Received, summary.Deleted, summary.StopReason));
        Assert.Equal(["a1", "b1"], harness.Domain().Documents.Keys.Order());
    }

    [Fact]
    public async Task ProcessAsync_indexes_a_unit_and_says_delete()
    {
        await using var harness = await WorkerHarness.StartAsync();
        harness.Server.State.S3.PutObject(WorkerHarness.Bucket, "x.json", System.Text.Encoding.UTF8.GetBytes(Add("x", "y")));
        await using var worker = S3ToCloudSearchWorker.Create(Options(harness), harness.AwsOptions(), NullLoggerFactory.Instance);
        var created = new S3ObjectCreated(new S3ObjectRef(WorkerHarness.Bucket, "x.json", null, null, null, null), "Put", DateTimeOffset.UnixEpoch, S3EventSource.Backfill, null);

        var disposition = await worker.ProcessAsync(new S3WorkUnit([created], "test"), Ct);

        Assert.Equal(MessageDisposition.Delete, disposition);
        Assert.Equal(["x"], harness.Domain().Documents.Keys);
        Assert.Equal(0, harness.Server.Requests.Count("sqs"));
    }

    [Fact]
    public void Create_refuses_invalid_options_naming_each_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            S3ToCloudSearchWorker.Create(new S3ToCloudSearchOptions { MaxLineBytes = 1 }, new AWSOptions { Region = RegionEndpoint.USEast1 }, NullLoggerFactory.Instance));

        Assert.Contains(error.Failures, f => f.StartsWith("S3ToCloudSearch:DocumentEndpoint is not set", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("S3ToCloudSearch:MaxLineBytes must be between", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_without_a_queue_names_the_key()
    {
        await using var harness = await WorkerHarness.StartAsync();
        var options = Options(harness);
        options.Sqs.Queue = null;
        await using var worker = S3ToCloudSearchWorker.Create(options, harness.AwsOptions(), NullLoggerFactory.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => worker.RunAsync(Ct));

        Assert.StartsWith("S3ToCloudSearch:Sqs:Queue is not set", error.Message, StringComparison.Ordinal);
    }
}

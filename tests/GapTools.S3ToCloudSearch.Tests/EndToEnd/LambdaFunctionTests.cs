using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using GapTools.LocalAws;
using GapTools.LocalAws.Faults;
using GapTools.LocalAws.Lambda;
using GapTools.Testing;

namespace GapTools.S3ToCloudSearch.Tests.EndToEnd;

/// <summary>
/// The NativeAOT <c>s3-to-cloudsearch</c> binary as a Lambda custom runtime, invoked through LocalAws's Runtime API
/// with SQS events built from the notifications S3 sent: bad lines reported and their message done, and an outage of
/// CloudSearch failing the records at once (no hold that burns the invocation) so the queue brings them back.
/// </summary>
public sealed class LambdaFunctionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_sqs_batch_indexes_every_good_line_reports_the_bad_one_and_fails_no_record()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.PutAsync("in/a.json", """{"type":"add","id":"a1","fields":{"title":"one"}}""" + "\n" + """{"type":"add","id":"a2","fields":{"title":"two"}}""");
        await harness.PutAsync("in/b.json", """{"type":"add","id":"b1","fields":{"title":"three"}}""" + "\n" + "{not json\n");
        var messages = await ReceiveAsync(harness, 2);
        using var function = await StartFunctionAsync(harness);

        var result = await harness.Server.Lambda.InvokeAsync(SqsEvent(harness, messages), TimeSpan.FromSeconds(60), Ct);

        Assert.False(result.IsError, result.Body + "\n" + function.Output);
        Assert.Empty(FailedIds(result));
        Assert.Equal(["a1", "a2", "b1"], harness.Domain().Documents.Keys.Order(StringComparer.Ordinal));
        var errors = await harness.S3.ListObjectsV2Async(new() { BucketName = WorkerHarness.Bucket, Prefix = "errors/" }, Ct);
        Assert.Single(errors.S3Objects ?? []); // the bad line, reported with its object and line number
    }

    [Fact]
    public async Task A_cloudsearch_outage_fails_the_records_at_once_and_they_index_when_it_is_over()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.PutAsync("in/a.json", """{"type":"add","id":"a1","fields":{"title":"one"}}""");
        await harness.PutAsync("in/b.json", """{"type":"add","id":"b1","fields":{"title":"two"}}""");
        var messages = await ReceiveAsync(harness, 2);
        using var function = await StartFunctionAsync(harness);
        var outage = harness.Server.Faults.Add(FaultRule.HttpError("cloudsearch", null, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable"));

        var clock = Stopwatch.StartNew();
        var during = await harness.Server.Lambda.InvokeAsync(SqsEvent(harness, messages), TimeSpan.FromSeconds(120), Ct);
        var answeredIn = clock.Elapsed;

        Assert.False(during.IsError, during.Body + "\n" + function.Output);
        Assert.Equal(messages.Select(m => m.MessageId).Order(StringComparer.Ordinal), FailedIds(during).Order(StringComparer.Ordinal));
        // The upload's own retries, then the answer: not held until the deadline (the long-lived worker's way).
        Assert.True(answeredIn < TimeSpan.FromSeconds(30), $"answered after {answeredIn}\n{function.Output}");
        Assert.Empty(harness.Domain().Documents);

        outage.Dispose();
        var after = await harness.Server.Lambda.InvokeAsync(SqsEvent(harness, messages, receiveCount: 2), TimeSpan.FromSeconds(120), Ct);

        Assert.Empty(FailedIds(after));
        Assert.Equal(["a1", "b1"], harness.Domain().Documents.Keys.Order(StringComparer.Ordinal));
        function.Terminate();
        Assert.Equal(0, await function.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task<ToolProcess> StartFunctionAsync(WorkerHarness harness)
    {
        var bootstrap = await NativeTool.GetAsync("S3ToCloudSearch.Cli", "s3-to-cloudsearch", Ct);
        var environment = harness.Settings()
            .Where(kv => kv.Value is not null && !kv.Key.StartsWith("S3ToCloudSearch:Sqs", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
        environment["S3ToCloudSearch__UploadRetry__MaxRetryAttempts"] = "2";
        environment["AWS_LAMBDA_RUNTIME_API"] = harness.Server.RuntimeApiAddress;
        return ToolProcess.StartNative(bootstrap, environment);
    }

    private static Task<List<Message>> ReceiveAsync(WorkerHarness harness, int count) =>
        harness.Server.ReceiveObjectCreatedAsync(WorkerHarness.Queue, count, Ct);

    private static string SqsEvent(WorkerHarness harness, IEnumerable<Message> messages, int receiveCount = 1) =>
        LambdaEvents.SqsBatch(messages, harness.Server.State.Sqs.QueueArn(WorkerHarness.Queue), receiveCount);

    private static IReadOnlyList<string> FailedIds(LambdaInvocationResult result) => result.BatchItemFailures;
}

using GapTools.S3ToCloudSearch.Batching;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.S3ToCloudSearch.Sink;
using GapTools.S3ToCloudSearch.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace GapTools.S3ToCloudSearch.Tests.Sink;

public sealed class EndpointSenderTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(5, Ct);
        }
    }

    [Fact]
    public async Task With_a_minimum_interval_the_next_upload_waits_and_takes_what_collected_meanwhile()
    {
        var time = new ManualTimeProvider();
        var client = new FakeCloudSearchDocuments(_ => null);
        var sink = new ErrorSink(null, null, new S3ToCloudSearchMetrics(), NullLogger.Instance);
        var queue = new BatchQueue(S3ToCloudSearchDefaults.MaxBatchBytes);
        var sender = new EndpointSender(queue, new BatchUploader(client, ResiliencePipeline.Empty, sink, new S3ToCloudSearchMetrics(), NullLogger.Instance), TimeSpan.FromSeconds(10), time, NullLogger.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = sender.RunAsync(stop.Token);
        var progress = TestObjects.Progress();

        async Task AddAlone(string id)
        {
            using var lease = queue.Enter();
            progress.DocumentAdded(0);
            await queue.AddAsync(TestObjects.Delete(id), new DocumentOrigin(progress, 1, 0), Ct);
        }

        await AddAlone("a");
        await Until(() => client.Uploads.Count == 1);
        await AddAlone("b");
        await Until(() => time.ArmedTimers == 1); // waiting out the interval
        await AddAlone("c");
        time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(50, Ct);
        Assert.Single(client.Uploads);

        time.Advance(TimeSpan.FromSeconds(1));
        await Until(() => client.Uploads.Count == 2);
        Assert.Equal(["b", "c"], client.Uploads[1]);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task A_batch_that_cannot_be_uploaded_fails_every_unit_in_it_and_the_sender_carries_on()
    {
        var fail = true;
        var client = new FakeCloudSearchDocuments(_ => fail ? new HttpRequestException("connection refused") : null);
        var sink = new ErrorSink(null, null, new S3ToCloudSearchMetrics(), NullLogger.Instance);
        var queue = new BatchQueue(S3ToCloudSearchDefaults.MaxBatchBytes);
        var sender = new EndpointSender(queue, new BatchUploader(client, ResiliencePipeline.Empty, sink, new S3ToCloudSearchMetrics(), NullLogger.Instance), TimeSpan.Zero, TimeProvider.System, NullLogger.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = sender.RunAsync(stop.Token);
        var first = TestObjects.Progress("first.json");
        var second = TestObjects.Progress("second.json");
        using (queue.Enter())
        {
            foreach (var progress in new[] { first, second })
            {
                progress.DocumentAdded(0);
                await queue.AddAsync(TestObjects.Delete(progress.Key.Replace(".", "-", StringComparison.Ordinal)), new DocumentOrigin(progress, 1, 0), Ct);
                progress.Unit.Seal();
            }
        }

        await Assert.ThrowsAsync<HttpRequestException>(() => first.Unit.Completion.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        await Assert.ThrowsAsync<HttpRequestException>(() => second.Unit.Completion);

        fail = false;
        var third = TestObjects.Progress("third.json");
        using (queue.Enter())
        {
            third.DocumentAdded(0);
            await queue.AddAsync(TestObjects.Delete("third"), new DocumentOrigin(third, 1, 0), Ct);
            third.Unit.Seal();
        }

        await third.Unit.Completion.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }
}

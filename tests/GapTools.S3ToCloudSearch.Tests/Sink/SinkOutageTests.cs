using GapTools.Core.Resilience;
using GapTools.S3ToCloudSearch.Batching;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.S3ToCloudSearch.Sink;
using GapTools.S3ToCloudSearch.Tests.Fakes;
using GapTools.Workers.Outage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace GapTools.S3ToCloudSearch.Tests.Sink;

/// <summary>An endpoint's uploads while CloudSearch is down: held, probed, released with a growing delay, gating receives.</summary>
public sealed class SinkOutageTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    // Randomness pinned at 0.5: probes wait 3/4 of each exponential step, release delays get no jitter.
    private static SinkOutage Outage(ManualTimeProvider time, TimeSpan maxHold) => new("CloudSearch", new SinkOutageOptions
    {
        MaxHold = maxHold,
        ProbeDelay = TimeSpan.FromSeconds(1),
        MaxProbeDelay = TimeSpan.FromSeconds(4),
        MinReleaseDelay = TimeSpan.FromSeconds(30),
        MaxReleaseDelay = TimeSpan.FromMinutes(15),
    }, new ResilienceInputs { TimeProvider = time, Randomizer = () => 0.5, ExtraClassifier = DocumentServiceException.Classify });

    private static (BatchQueue Queue, Task Running) StartSender(FakeCloudSearchDocuments client, SinkOutage outage, ManualTimeProvider time, CancellationToken stop)
    {
        var metrics = new S3ToCloudSearchMetrics();
        var queue = new BatchQueue(S3ToCloudSearchDefaults.MaxBatchBytes);
        var uploader = new BatchUploader(client, ResiliencePipeline.Empty, new ErrorSink(null, null, metrics, NullLogger.Instance), metrics, NullLogger.Instance, outage);
        return (queue, new EndpointSender(queue, uploader, TimeSpan.Zero, time, NullLogger.Instance).RunAsync(stop));
    }

    private static async Task<GapTools.S3ToCloudSearch.Acknowledgement.ObjectProgress> AddAlone(BatchQueue queue, string id)
    {
        var progress = TestObjects.Progress(id + ".json");
        using (queue.Enter())
        {
            progress.DocumentAdded(0);
            await queue.AddAsync(TestObjects.Delete(id), new DocumentOrigin(progress, 1, 0), Ct);
        }

        progress.Unit.Seal();
        return progress;
    }

    // Moves the manual clock to the next armed timer, but only once the code under test is parked on one (so no time
    // passes while it runs), until the condition holds.
    private static async Task AdvanceUntil(ManualTimeProvider time, Func<bool> condition, TimeSpan limit)
    {
        var start = time.GetUtcNow();
        while (true)
        {
            var parked = DateTime.UtcNow.AddSeconds(2);
            while (time.ArmedTimers == 0 && !condition() && DateTime.UtcNow < parked)
            {
                await Task.Delay(1, Ct);
            }

            if (condition())
            {
                return;
            }

            Assert.True(time.GetUtcNow() - start < limit, $"condition not met within {limit} of manual time");
            Assert.True(time.AdvanceToNextTimer(), "nothing waits on the clock and the condition is not met");
            await Task.Delay(1, Ct);
        }
    }

    [Fact]
    public async Task While_CloudSearch_answers_503_the_batch_is_held_and_receiving_gated_then_uploaded_when_it_answers()
    {
        var time = new ManualTimeProvider();
        var down = true;
        var client = new FakeCloudSearchDocuments(_ => down ? FakeCloudSearchDocuments.Unavailable() : null);
        var outage = Outage(time, TimeSpan.FromMinutes(15));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var (queue, running) = StartSender(client, outage, time, stop.Token);
        var progress = await AddAlone(queue, "a");

        await AdvanceUntil(time, () => client.Uploads.Count >= 8, TimeSpan.FromMinutes(5));

        Assert.True(outage.IsUnavailable);
        Assert.False(progress.Unit.Completion.IsCompleted); // held: neither failed nor released
        var gate = outage.WaitUntilOpenAsync(Ct).AsTask();
        await Task.Delay(50, Ct);
        Assert.False(gate.IsCompleted);

        down = false;
        await AdvanceUntil(time, () => progress.Unit.Completion.IsCompleted, TimeSpan.FromMinutes(1));

        Assert.True(progress.Unit.Completion.IsCompletedSuccessfully);
        Assert.Equal(1, progress.Uploaded);
        Assert.False(outage.IsUnavailable);
        await AdvanceUntil(time, () => gate.IsCompleted, TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task Past_the_hold_the_units_fail_as_unavailable_with_a_release_delay_that_grows_with_the_outage()
    {
        var time = new ManualTimeProvider();
        var client = new FakeCloudSearchDocuments(_ => FakeCloudSearchDocuments.Unavailable());
        var outage = Outage(time, TimeSpan.FromMinutes(2));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var (queue, running) = StartSender(client, outage, time, stop.Token);
        var first = await AddAlone(queue, "first");
        await Until(() => time.ArmedTimers == 1); // the first batch is held: its probe waits on the clock
        var second = await AddAlone(queue, "second"); // waits behind the held batch

        await AdvanceUntil(time, () => first.Unit.Completion.IsCompleted, TimeSpan.FromMinutes(5));
        var uploadsInFirstHold = client.Uploads.Count;
        await AdvanceUntil(time, () => second.Unit.Completion.IsCompleted, TimeSpan.FromMinutes(5));

        var early = await Assert.ThrowsAsync<SinkUnavailableException>(() => first.Unit.Completion);
        var late = await Assert.ThrowsAsync<SinkUnavailableException>(() => second.Unit.Completion);
        Assert.Equal(TimeSpan.FromMinutes(2), early.ReleaseDelay); // as long as the outage so far (jitter pinned at none)
        Assert.Equal(TimeSpan.FromMinutes(4), late.ReleaseDelay); // held as long again behind the first, so the outage is twice as old
        Assert.IsType<DocumentServiceException>(early.InnerException);
        // Probes every few seconds (at most MaxProbeDelay apart), not a hot loop: about 40 in two minutes.
        Assert.InRange(uploadsInFirstHold, 20, 80);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task Each_endpoint_has_its_own_outage_and_receiving_waits_while_any_is_down()
    {
        var outages = new EndpointOutages(
            new RetryOptions { MaxRetryAttempts = 0 },
            new SinkOutageOptions { ProbeDelay = TimeSpan.FromMilliseconds(20), MaxProbeDelay = TimeSpan.FromMilliseconds(100) },
            new ResilienceInputs { ExtraClassifier = DocumentServiceException.Classify });
        var (retryA, a) = outages.For(new DocumentEndpoint("a", new Uri("http://a.invalid/")));
        var (retryB, b) = outages.For(new DocumentEndpoint("b", new Uri("http://b.invalid/")));
        var aDown = true;
        var held = a.ExecuteAsync(retryA, _ => aDown ? ValueTask.FromException<int>(FakeCloudSearchDocuments.Unavailable()) : ValueTask.FromResult(1), Ct);
        await Until(() => a.IsUnavailable);

        Assert.Equal(2, await b.ExecuteAsync(retryB, _ => ValueTask.FromResult(2), Ct)); // b's circuit is its own
        Assert.False(b.IsUnavailable);
        Assert.Equal(2, outages.All.Count);
        var gate = outages.WaitUntilOpenAsync(Ct).AsTask();
        await Task.Delay(300, Ct);
        Assert.False(gate.IsCompleted);

        aDown = false;
        Assert.Equal(1, await held.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        await gate.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task During_an_outage_retries_log_at_debug_and_each_probe_warns_once()
    {
        var logger = new ListLogger();
        var outages = new EndpointOutages(
            new RetryOptions { MaxRetryAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1) },
            new SinkOutageOptions { ProbeDelay = TimeSpan.FromMilliseconds(10), MaxProbeDelay = TimeSpan.FromMilliseconds(20) },
            new ResilienceInputs { Logger = logger, ExtraClassifier = DocumentServiceException.Classify });
        var (retry, outage) = outages.For(new DocumentEndpoint(DocumentEndpoint.DefaultName, new Uri("http://a.invalid/")));
        var down = true;
        var calls = 0;
        var held = outage.ExecuteAsync(retry, _ =>
        {
            Interlocked.Increment(ref calls);
            return down ? ValueTask.FromException<int>(FakeCloudSearchDocuments.Unavailable()) : ValueTask.FromResult(1);
        }, Ct);
        await Until(() => Volatile.Read(ref calls) >= 45);
        down = false;
        await held.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var opened = logger.Count(LogLevel.Warning, "CloudSearch endpoint 'default' is unavailable");
        Assert.Equal(2, logger.Count(LogLevel.Warning, "Retrying cloudsearch.UploadDocuments")); // the first call's, before any outage
        Assert.True(logger.Count(LogLevel.Debug, "Retrying cloudsearch.UploadDocuments") >= 20);
        Assert.InRange(opened, 1, calls);
        Assert.Equal(opened, logger.Lines.Count(l => l.Level >= LogLevel.Warning) - 2);
        Assert.Equal(1, logger.Count(LogLevel.Information, "CloudSearch endpoint 'default' answers again"));
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(5, Ct);
        }
    }
}

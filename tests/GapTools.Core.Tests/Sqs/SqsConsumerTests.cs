using GapTools.Core.Resilience;
using GapTools.Workers.Sqs;
using GapTools.Core.Tests.Fakes;

namespace GapTools.Core.Tests.Sqs;

/// <summary>The consumer loop against an in-memory queue on a manual clock. Split by topic into partial files.</summary>
public sealed partial class SqsConsumerTests : IDisposable
{
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(30);
    private readonly ManualTimeProvider _time = new();
    private readonly InMemorySqsQueue _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly ListLogger<SqsConsumer> _logger = new();

    public SqsConsumerTests() => _queue = new InMemorySqsQueue(_time);

    public void Dispose() => _stop.Dispose();

    /// <summary>30 s visibility (heartbeat every 10 s); retries of acknowledgements without delay.</summary>
    private static SqsConsumerOptions Options() => new()
    {
        VisibilityTimeout = Visibility,
        DeleteRetry = new RetryOptions { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.FromMilliseconds(1) },
    };

    private SqsConsumer Consumer(
        ISqsMessageHandler handler,
        SqsConsumerOptions? options = null,
        ISqsQueue? deadLetterQueue = null,
        IReceiveGate? gate = null,
        IQueueIdleObserver? idleObserver = null) =>
        new(_queue, handler, options ?? Options(), _time, _logger, deadLetterQueue, gate, idleObserver);

    private Task<SqsConsumerSummary> Start(SqsConsumer consumer) => Task.Run(() => consumer.RunAsync(_stop.Token));

    /// <summary>Requests stop and lets the clock run (grace included) until the run returns.</summary>
    private async Task<SqsConsumerSummary> StopAsync(Task<SqsConsumerSummary> run)
    {
        await _stop.CancelAsync();
        return await Eventually.Completes(run, _time);
    }

    [Fact]
    public async Task Deletes_only_messages_whose_handler_succeeded()
    {
        var ok = _queue.Send("ok");
        var later = _queue.Send("later");
        var handler = new ScriptedHandler((m, _) => Task.FromResult(
            m.Body == "ok" ? MessageDisposition.Delete : MessageDisposition.RetryAfter(TimeSpan.FromMinutes(5))));

        var run = Start(Consumer(handler));
        await Eventually.True(() => !_queue.Contains(ok) && _queue.VisibilityBatches.Count == 1, "one is deleted and one deferred");

        Assert.True(_queue.Contains(later));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(5), _queue.VisibleAt(later));
        var summary = await StopAsync(run);
        Assert.Equal(new SqsConsumerSummary(2, 1, 0, 1, 0, 0, 0, SqsStopReason.Stopped), summary);
    }

    [Fact]
    public async Task Completions_are_gathered_into_delete_batches_of_at_most_ten()
    {
        for (var i = 0; i < 25; i++)
        {
            _queue.Send($"m{i}");
        }

        _queue.HoldDeletes = new TaskCompletionSource();
        var handler = new ScriptedHandler(MessageDisposition.Delete);

        var run = Start(Consumer(handler, Options() with { MaxInFlight = 25 }));
        await Eventually.True(() => handler.Started.Count == 25 && _queue.DeleteBatches.Count == 1, "all handled while the first delete is held");
        _queue.HoldDeletes.SetResult();
        await Eventually.True(() => _queue.Count == 0, "all are deleted");

        Assert.All(_queue.DeleteBatches, size => Assert.InRange(size, 1, 10));
        Assert.Equal(25, _queue.DeleteBatches.Sum());
        Assert.InRange(_queue.DeleteBatches.Count, 3, 5); // 1 held call, then 24 or fewer gathered ones in chunks of 10.
        Assert.Equal(25, (await StopAsync(run)).Deleted);
    }

    [Fact]
    public async Task Entries_that_fail_on_the_service_side_are_retried_alone()
    {
        var ids = Enumerable.Range(0, 3).Select(i => _queue.Send($"m{i}")).ToList();
        var failuresLeft = 2;
        _queue.DeleteFault = m => Interlocked.Decrement(ref failuresLeft) >= 0 ? new SqsBatchFailure(m, "InternalError", false, "injected") : null;

        var run = Start(Consumer(new ScriptedHandler(MessageDisposition.Delete)));
        await Eventually.True(() => _queue.Count == 0, "all are deleted");

        Assert.Equal(3 + 2, _queue.DeleteBatches.Sum());
        var summary = await StopAsync(run);
        Assert.Equal(3, summary.Deleted);
        Assert.Equal(0, summary.AcknowledgementFailures);
    }

    [Fact]
    public async Task Sender_fault_entries_are_not_retried_and_are_reported()
    {
        var id = _queue.Send("gone");
        _queue.DeleteFault = m => new SqsBatchFailure(m, "ReceiptHandleIsInvalid", true, "expired");

        var run = Start(Consumer(new ScriptedHandler(MessageDisposition.Delete)));
        await Eventually.True(() => _queue.DeleteBatches.Count == 1, "the delete was attempted");

        var summary = await StopAsync(run);
        Assert.Single(_queue.DeleteBatches);
        Assert.True(_queue.Contains(id));
        Assert.Equal(1, summary.AcknowledgementFailures);
        Assert.Equal(0, summary.Deleted);
        Assert.Contains(_logger.Entries, e => e.Message.Contains("ReceiptHandleIsInvalid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Release_makes_the_message_visible_at_once()
    {
        var id = _queue.Send("not now");
        var calls = 0;
        var handler = new ScriptedHandler((_, _) => Task.FromResult(
            Interlocked.Increment(ref calls) == 1 ? MessageDisposition.Release : MessageDisposition.Delete));

        var run = Start(Consumer(handler));
        await Eventually.True(() => !_queue.Contains(id), "it is received again and deleted");

        Assert.Equal([1, 2], handler.Started.Select(m => m.ApproximateReceiveCount));
        Assert.Equal((1, TimeSpan.Zero), Assert.Single(_queue.VisibilityBatches));
        var summary = await StopAsync(run);
        Assert.Equal(1, summary.Released);
    }

    [Fact]
    public async Task Heartbeat_keeps_a_long_running_message_invisible()
    {
        var id = _queue.Send("slow");
        var finish = new TaskCompletionSource<MessageDisposition>();
        var handler = new ScriptedHandler((_, _) => finish.Task);

        var run = Start(Consumer(handler));
        await Eventually.True(() => handler.Started.Count == 1, "the handler started");
        for (var tick = 1; tick <= 9; tick++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            await Eventually.True(() => _queue.VisibilityBatches.Count == tick, $"heartbeat {tick} renewed the visibility");
            Assert.False(_queue.IsVisible(id));
            Assert.Equal(_time.GetUtcNow() + Visibility, _queue.VisibleAt(id));
        }

        Assert.All(_queue.VisibilityBatches, b => Assert.Equal((1, Visibility), b));
        Assert.Single(handler.Started);
        finish.SetResult(MessageDisposition.Delete);
        await Eventually.True(() => !_queue.Contains(id), "it is deleted");
        Assert.Equal(1, (await StopAsync(run)).Deleted);
    }

    [Fact]
    public async Task Max_in_flight_bounds_receives_and_concurrent_handlers()
    {
        for (var i = 0; i < 10; i++)
        {
            _queue.Send($"m{i}");
        }

        var proceed = new TaskCompletionSource<MessageDisposition>();
        var handler = new ScriptedHandler((_, _) => proceed.Task);

        var run = Start(Consumer(handler, Options() with { MaxInFlight = 3 }));
        await Eventually.True(() => handler.Started.Count == 3, "three handlers run");

        // The poller asked for exactly the free slots and now waits for one; it does not receive more.
        Assert.Equal([3], _queue.ReceiveRequests);
        proceed.SetResult(MessageDisposition.Delete);
        await Eventually.True(() => _queue.Count == 0, "all are processed");

        Assert.Equal(3, handler.MaxConcurrent);
        Assert.All(_queue.ReceiveRequests, n => Assert.InRange(n, 1, 3));
        Assert.Equal(10, (await StopAsync(run)).Deleted);
    }

    [Fact]
    public async Task Gate_is_awaited_before_receiving()
    {
        var gate = new ManualGate();
        _queue.Send("x");
        var handler = new ScriptedHandler(MessageDisposition.Delete);

        var run = Start(Consumer(handler, gate: gate));
        await Eventually.True(() => gate.Waits == 1, "the consumer waits at the gate");

        Assert.Empty(_queue.ReceiveRequests);
        gate.Open();
        await Eventually.True(() => _queue.Count == 0, "the message is processed once the gate opens");
        await StopAsync(run);
    }

    [Fact]
    public async Task Empty_receive_notifies_the_idle_observer()
    {
        var idle = new CountingIdleObserver();
        var start = _time.GetUtcNow();

        var run = Start(Consumer(new ScriptedHandler(MessageDisposition.Delete), idleObserver: idle));
        await Eventually.TrueDriving(() => idle.Calls >= 1, _time, "an empty long poll ends");

        Assert.True(_time.GetUtcNow() >= start + SqsConsumerDefaults.WaitTime, "only a full long poll comes back empty");
        await StopAsync(run);
    }
}

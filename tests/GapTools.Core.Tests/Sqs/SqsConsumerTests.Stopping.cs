using GapTools.Workers.Sqs;
using GapTools.Core.Tests.Fakes;

namespace GapTools.Core.Tests.Sqs;

public sealed partial class SqsConsumerTests
{
    [Fact]
    public async Task Stop_lets_handlers_finish_within_grace_then_releases_the_rest()
    {
        var finishes = _queue.Send("finishes");
        var hangs = _queue.Send("hangs");
        var finish = new TaskCompletionSource<MessageDisposition>();
        var handler = new ScriptedHandler(async (m, ct) =>
        {
            if (m.Body == "finishes")
            {
                return await finish.Task;
            }

            await Task.Delay(Timeout.Infinite, ct);
            return MessageDisposition.Delete;
        });

        var run = Start(Consumer(handler));
        await Eventually.True(() => handler.Started.Count == 2, "both handlers run");
        var receives = _queue.ReceiveRequests.Count;

        await _stop.CancelAsync();
        finish.SetResult(MessageDisposition.Delete);
        await Eventually.True(() => !_queue.Contains(finishes), "the finished one is deleted during grace");
        Assert.False(_queue.IsVisible(hangs));

        // Exactly the grace, not timer after timer: a clock driven on while the release is on its way would pass the
        // message's visibility timeout first, and the release would find it visible again (MessageNotInflight).
        await Eventually.True(
            () => _time.ArmedTimers == 2 && _logger.Entries.Any(e => e.Message.StartsWith("Stop requested", StringComparison.Ordinal)),
            "the grace timer is armed beside the heartbeat");
        _time.Advance(Options().ShutdownGrace);
        var summary = await run.WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);

        Assert.True(_queue.IsVisible(hangs), "the unfinished message is released");
        Assert.Equal(receives, _queue.ReceiveRequests.Count);
        Assert.Equal(new SqsConsumerSummary(2, 1, 1, 0, 0, 0, 0, SqsStopReason.Stopped), summary);
        Assert.Contains(_logger.Entries, e => e.Message.Contains("released the 1 message that had not finished", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_returns_without_waiting_for_grace_when_handlers_finish()
    {
        var id = _queue.Send("x");
        var finish = new TaskCompletionSource<MessageDisposition>();
        var handler = new ScriptedHandler((_, _) => finish.Task);
        var run = Start(Consumer(handler, Options() with { ShutdownGrace = TimeSpan.FromMinutes(10) }));
        await Eventually.True(() => handler.Started.Count == 1, "the handler runs");
        var stoppedAt = _time.GetUtcNow();

        await _stop.CancelAsync();
        finish.SetResult(MessageDisposition.Delete);
        var summary = await run.WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);

        Assert.Equal(stoppedAt, _time.GetUtcNow());
        Assert.False(_queue.Contains(id));
        Assert.Equal(1, summary.Deleted);
    }

    [Fact]
    public async Task Drain_mode_exits_when_the_queue_is_empty_and_nothing_is_in_flight()
    {
        for (var i = 0; i < 3; i++)
        {
            _queue.Send($"m{i}");
        }

        var consumer = Consumer(new ScriptedHandler(MessageDisposition.Delete), Options() with { Mode = SqsConsumerMode.DrainAndExit });

        var summary = await Eventually.Completes(Start(consumer), _time);

        Assert.Equal(SqsStopReason.Drained, summary.StopReason);
        Assert.Equal(3, summary.Deleted);
        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public async Task Short_poll_drain_ends_when_the_pollers_can_take_every_in_flight_slot()
    {
        // Four slots for four pollers: the drain confirmation reserves a slot while holding every receive permit, so
        // the pollers waiting for a permit must never hold all the slots between them (one slot each here).
        var options = Options() with { Mode = SqsConsumerMode.DrainAndExit, WaitTime = TimeSpan.Zero, MaxInFlight = 4, ReceiveConcurrency = 4 };
        for (var run = 0; run < 20; run++)
        {
            for (var i = 0; i < 6; i++)
            {
                _queue.Send($"run{run}-m{i}");
            }

            var summary = await Eventually.Completes(Start(Consumer(new ScriptedHandler(MessageDisposition.Delete), options)), _time, TimeSpan.FromSeconds(20));

            Assert.Equal(SqsStopReason.Drained, summary.StopReason);
            Assert.Equal(6, summary.Deleted);
        }

        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public async Task Drain_mode_waits_for_handlers_that_flush_on_idle()
    {
        for (var i = 0; i < 4; i++)
        {
            _queue.Send($"m{i}");
        }

        // A pretend batcher: messages complete only when the queue reports idle.
        var flush = new TaskCompletionSource<MessageDisposition>(TaskCreationOptions.RunContinuationsAsynchronously);
        var idle = new CountingIdleObserver(() => flush.TrySetResult(MessageDisposition.Delete));
        var handler = new ScriptedHandler((_, _) => flush.Task);
        var consumer = Consumer(handler, Options() with { Mode = SqsConsumerMode.DrainAndExit }, idleObserver: idle);

        var summary = await Eventually.Completes(Start(consumer), _time);

        Assert.Equal(SqsStopReason.Drained, summary.StopReason);
        Assert.Equal(4, summary.Deleted);
        Assert.True(idle.Calls >= 2, "one idle receive flushed the batch, a later one found nothing in flight");
    }

    [Fact]
    public async Task Max_execution_time_stops_receiving_and_finishes_in_flight_work()
    {
        var first = _queue.Send("first");
        var handler = new ScriptedHandler(MessageDisposition.Delete);
        var consumer = Consumer(handler, Options() with { MaxExecutionTime = TimeSpan.FromMinutes(1) });
        var run = Start(consumer);
        await Eventually.True(() => !_queue.Contains(first), "the first message is processed");

        var summary = await Eventually.Completes(run, _time);

        Assert.Equal(SqsStopReason.MaxExecutionTime, summary.StopReason);
        Assert.Equal(1, summary.Deleted);
        Assert.True(_time.GetUtcNow() >= new ManualTimeProvider().GetUtcNow() + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Run_can_only_be_started_once()
    {
        var consumer = Consumer(new ScriptedHandler(MessageDisposition.Delete));
        var run = Start(consumer);
        await Eventually.True(() => !_queue.ReceiveRequests.IsEmpty, "the first run is receiving");

        await Assert.ThrowsAsync<InvalidOperationException>(() => consumer.RunAsync(TestContext.Current.CancellationToken));
        await StopAsync(run);
    }
}

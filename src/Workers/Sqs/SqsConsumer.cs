using System.Runtime.ExceptionServices;
using GapTools.Core.Logging;
using GapTools.Core.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace GapTools.Workers.Sqs;

/// <summary>
/// The SQS consumer loop: long-polls, hands each message to an <see cref="ISqsMessageHandler"/>, keeps it invisible
/// while the handler runs, and settles it by its <see cref="MessageDisposition"/>. A message is deleted only
/// after its handler says so; deletes and visibility changes are batched. Host-free: call <see cref="RunAsync"/>.
/// </summary>
public sealed class SqsConsumer
{
    /// <summary>Name of the <see cref="System.Diagnostics.Metrics.Meter"/> the consumer reports to.</summary>
    public const string MeterName = "GapTools.Sqs";

    /// <summary>Message attribute carrying the reason on messages forwarded to the dead-letter queue.</summary>
    public const string DeadLetterReasonAttribute = "GapTools.DeadLetterReason";

    private readonly ISqsQueue _queue;
    private readonly ISqsMessageHandler _handler;
    private readonly SqsConsumerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SqsConsumer> _logger;
    private readonly ISqsQueue? _deadLetterQueue;
    private readonly IReceiveGate? _gate;
    private readonly IQueueIdleObserver? _idleObserver;
    private readonly SqsConsumerMetrics _metrics;
    private readonly SqsConsumerCounters _counters = new();
    private readonly ResiliencePipeline _receivePipeline;
    private readonly ResiliencePipeline _acknowledgePipeline;
    private int _started;

    /// <summary>Draining with work in flight: the longest wait before the next receive after an empty one.</summary>
    private static readonly TimeSpan DrainRecheckInterval = TimeSpan.FromSeconds(1);

    /// <param name="queue">The queue to consume.</param>
    /// <param name="handler">Processes each message.</param>
    /// <param name="options">Polling, visibility and stop settings; validated here.</param>
    /// <param name="time">Clock for heartbeats, grace, backoff and max execution time.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="deadLetterQueue">Where <see cref="MessageDisposition.DeadLetter"/> messages go; null leaves them to the queue's redrive policy.</param>
    /// <param name="gate">Awaited before each receive.</param>
    /// <param name="idleObserver">Told when a receive returns nothing.</param>
    public SqsConsumer(
        ISqsQueue queue,
        ISqsMessageHandler handler,
        SqsConsumerOptions options,
        TimeProvider time,
        ILogger<SqsConsumer> logger,
        ISqsQueue? deadLetterQueue = null,
        IReceiveGate? gate = null,
        IQueueIdleObserver? idleObserver = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var validation = new SqsConsumerOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new ArgumentException($"Invalid SQS consumer options: {validation.FailureMessage}", nameof(options));
        }

        _queue = queue;
        _handler = handler;
        _options = options;
        _time = time;
        _logger = logger;
        _deadLetterQueue = deadLetterQueue;
        _gate = gate;
        _idleObserver = idleObserver;
        _metrics = new SqsConsumerMetrics(QueueName(queue.QueueUrl));
        _receivePipeline = ResiliencePipelines.Create(options.ReceiveRetry, "sqs.ReceiveMessage", new ResilienceInputs
        {
            TimeProvider = time,
            Logger = logger,
            OnRetry = _ => _metrics.OnReceiveError(),
        });
        _acknowledgePipeline = ResiliencePipelines.Create(options.DeleteRetry, "sqs.Acknowledge", new ResilienceInputs
        {
            TimeProvider = time,
            Logger = logger,
            ExtraClassifier = SqsBatchEntriesFailedException.Classify,
        });
    }

    /// <summary>
    /// Consumes until <paramref name="stoppingToken"/> is cancelled, the queue is drained
    /// (<see cref="SqsConsumerMode.DrainAndExit"/>) or <see cref="SqsConsumerOptions.MaxExecutionTime"/> passes.
    /// On stop: receiving stops at once, handlers get <see cref="SqsConsumerOptions.ShutdownGrace"/> to finish, then
    /// are cancelled and their messages released; pending deletes are flushed before returning.
    /// </summary>
    /// <exception cref="SqsReceiveException">Receiving failed permanently; in-flight work was stopped the same way first.</exception>
    public async Task<SqsConsumerSummary> RunAsync(CancellationToken stoppingToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("RunAsync can be called once per SqsConsumer.");
        }

        var inFlight = new InFlightSet(_options.MaxInFlight, _metrics);
        var acknowledger = new Acknowledger(_queue, inFlight, _acknowledgePipeline, _metrics, _counters, _logger);
        var processor = new MessageProcessor(
            _handler, _options, _queue, _deadLetterQueue, inFlight, acknowledger, _acknowledgePipeline, _metrics, _counters, _logger);
        var heartbeat = new VisibilityHeartbeat(
            _queue, inFlight, _options.VisibilityTimeout, _options.EffectiveHeartbeatInterval, _time, _acknowledgePipeline, _logger);
        using var run = new ConsumerRun(stoppingToken);
        using var heartbeatStop = new CancellationTokenSource();
        using var maxExecution = _options.MaxExecutionTime is { } max
            ? _time.CreateTimer(_ => run.StopReceiving(SqsStopReason.MaxExecutionTime), null, max, Timeout.InfiniteTimeSpan)
            : null;

        SqsConsumerLog.Started(_logger, _queue.QueueUrl, _options.Mode, _options.MaxInFlight, _options.VisibilityTimeout, _options.EffectiveHeartbeatInterval);
        acknowledger.Start();
        var heartbeatTask = heartbeat.RunAsync(heartbeatStop.Token);
        // Draining with short polls: receives and the drain confirmation exclude each other.
        using var drain = _options.Mode == SqsConsumerMode.DrainAndExit && _options.WaitTime == TimeSpan.Zero ? new DrainCheck(_options.ReceiveConcurrency) : null;
        var pollers = Enumerable.Range(0, _options.ReceiveConcurrency)
            .Select(_ => Task.Run(() => PollAsync(run, inFlight, acknowledger, processor, drain)))
            .ToArray();

        Exception? failure = null;
        try
        {
            await Task.WhenAll(pollers).ConfigureAwait(false);
        }
        catch (Exception)
        {
            failure = pollers.Select(p => p.Exception?.InnerException).FirstOrDefault(e => e is not null);
        }

        await FinishInFlightAsync(run, inFlight, acknowledger, waitForHandlers: failure is null && !stoppingToken.IsCancellationRequested, stoppingToken)
            .ConfigureAwait(false);
        await acknowledger.CompleteAsync().ConfigureAwait(false);
        await heartbeatStop.CancelAsync().ConfigureAwait(false);
        await heartbeatTask.ConfigureAwait(false);

        var summary = _counters.ToSummary(run.StopReason);
        SqsConsumerLog.Stopped(_logger, _queue.QueueUrl, summary.StopReason, summary.Received, summary.Deleted, summary.Released,
            summary.RetriedLater, summary.DeadLettered, summary.HandlerFailures);
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return summary;
    }

    private async Task PollAsync(ConsumerRun run, InFlightSet inFlight, Acknowledger acknowledger, MessageProcessor processor, DrainCheck? drain)
    {
        var token = run.ReceiveToken;
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (_gate is not null)
                {
                    await _gate.WaitUntilOpenAsync(token).ConfigureAwait(false);
                }

                var reserved = await inFlight.ReserveAsync(_options.MessagesPerPoll, token).ConfigureAwait(false);
                if (drain is not null)
                {
                    try
                    {
                        await drain.WaitAsync(token).ConfigureAwait(false);
                    }
                    catch
                    {
                        inFlight.ReturnSlots(reserved);
                        throw;
                    }
                }

                int received;
                try
                {
                    // Dispatched before the drain permit is given back: a confirmation then sees the messages in flight.
                    received = await ReceiveAndDispatchAsync(reserved, run, inFlight, acknowledger, processor, token).ConfigureAwait(false);
                }
                finally
                {
                    drain?.Release();
                }

                if (received > 0)
                {
                    continue;
                }

                await NotifyIdleAsync(token).ConfigureAwait(false);
                if (_options.Mode != SqsConsumerMode.DrainAndExit)
                {
                    continue;
                }

                if (inFlight.Count > 0)
                {
                    // Work is still in flight (a message released a moment ago comes back, and a receive must see it):
                    // receive again once it has settled, or a second later, not in a tight loop.
                    await Task.WhenAny(inFlight.WhenEmpty, Task.Delay(DrainRecheckInterval, _time, token)).ConfigureAwait(false);
                    continue;
                }

                if (_options.WaitTime > TimeSpan.Zero)
                {
                    // A long poll that found nothing, with nothing left to settle.
                    run.StopReceiving(SqsStopReason.Drained);
                    continue;
                }

                // Short polls (WaitTime 0) ask only some of SQS's servers, and another poller may hold a message it has
                // just received and not yet dispatched: confirm alone, with no other receive under way, nothing in
                // flight, and one more receive finding nothing.
                await ConfirmDrainedAsync(drain!, run, inFlight, acknowledger, processor, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stop requested, drained, or out of time.
        }
        catch
        {
            // A failing poller stops the others; RunAsync then stops in-flight work and rethrows.
            run.StopReceiving(SqsStopReason.Stopped);
            throw;
        }
    }

    private async Task ConfirmDrainedAsync(DrainCheck drain, ConsumerRun run, InFlightSet inFlight, Acknowledger acknowledger, MessageProcessor processor, CancellationToken token)
    {
        await drain.WaitAllAsync(token).ConfigureAwait(false);
        try
        {
            if (inFlight.Count > 0)
            {
                return;
            }

            // Never waits for ever: the other pollers, waiting for a permit, hold at most (ReceiveConcurrency - 1) x
            // MessagesPerPoll slots, fewer than MaxInFlight, and no message is in flight.
            var reserved = await inFlight.ReserveAsync(_options.MessagesPerPoll, token).ConfigureAwait(false);
            if (await ReceiveAndDispatchAsync(reserved, run, inFlight, acknowledger, processor, token).ConfigureAwait(false) == 0)
            {
                run.StopReceiving(SqsStopReason.Drained);
            }
        }
        finally
        {
            drain.ReleaseAll();
        }
    }

    /// <summary>Receives into <paramref name="reserved"/> slots, gives back the unused ones, dispatches; returns how many arrived.</summary>
    private async Task<int> ReceiveAndDispatchAsync(
        int reserved, ConsumerRun run, InFlightSet inFlight, Acknowledger acknowledger, MessageProcessor processor, CancellationToken token)
    {
        var leaseStartedAt = _time.GetUtcNow();
        IReadOnlyList<SqsMessage> messages;
        try
        {
            messages = await ReceiveAsync(reserved, token).ConfigureAwait(false);
        }
        catch
        {
            inFlight.ReturnSlots(reserved);
            throw;
        }

        inFlight.ReturnSlots(reserved - Math.Min(reserved, messages.Count));
        if (messages.Count > 0)
        {
            Dispatch(messages, reserved, leaseStartedAt, run, inFlight, acknowledger, processor);
        }

        return messages.Count;
    }

    private async Task<IReadOnlyList<SqsMessage>> ReceiveAsync(int maxMessages, CancellationToken token)
    {
        try
        {
            return await _receivePipeline.ExecuteAsync(
                async ct => await _queue.ReceiveAsync(maxMessages, _options.WaitTime, _options.VisibilityTimeout, ct).ConfigureAwait(false),
                token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
        {
            _metrics.OnReceiveError();
            var error = ErrorSummary.Describe(e);
            SqsConsumerLog.ReceiveFailed(_logger, _queue.QueueUrl, error);
            throw new SqsReceiveException(_queue.QueueUrl, $"Receiving from SQS queue {_queue.QueueUrl} failed: {error}", e);
        }
    }

    private void Dispatch(
        IReadOnlyList<SqsMessage> messages,
        int reserved,
        DateTimeOffset leaseStartedAt,
        ConsumerRun run,
        InFlightSet inFlight,
        Acknowledger acknowledger,
        MessageProcessor processor)
    {
        _counters.Received(messages.Count);
        _metrics.OnReceived(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = new InFlightMessage(messages[i], leaseStartedAt);
            if (i >= reserved)
            {
                // SQS never returns more than asked; if something does, give the extra back rather than overrun MaxInFlight.
                message.TryClaim();
                acknowledger.TryChangeVisibility(message, TimeSpan.Zero);
                continue;
            }

            inFlight.Add(message);
            _ = Task.Run(() => processor.ProcessAsync(message, run.HandlerToken));
        }
    }

    private async Task NotifyIdleAsync(CancellationToken token)
    {
        if (_idleObserver is null)
        {
            return;
        }

        try
        {
            await _idleObserver.OnQueueIdleAsync(token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
        {
            SqsConsumerLog.IdleObserverFailed(_logger, _queue.QueueUrl, ErrorSummary.Describe(e), e);
        }
    }

    private async Task FinishInFlightAsync(
        ConsumerRun run, InFlightSet inFlight, Acknowledger acknowledger, bool waitForHandlers, CancellationToken stoppingToken)
    {
        if (waitForHandlers)
        {
            // Drained or out of time: in-flight work finishes normally, unless a stop arrives meanwhile.
            try
            {
                await inFlight.WhenEmpty.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }

        if (inFlight.Count == 0)
        {
            return;
        }

#pragma warning disable CA1873 // Counted.Of pairs a number with a word: nothing worth a level check.
        SqsConsumerLog.Stopping(_logger, _queue.QueueUrl, _options.ShutdownGrace, Counted.Of(inFlight.Count, "message"));
#pragma warning restore CA1873
        using (var graceOver = new CancellationTokenSource())
        {
            var grace = Task.Delay(_options.ShutdownGrace, _time, graceOver.Token);
            await Task.WhenAny(inFlight.WhenEmpty, grace).ConfigureAwait(false);
            await graceOver.CancelAsync().ConfigureAwait(false);
        }

        if (!inFlight.AnyUnclaimed)
        {
            return; // Everything has an outcome; the acknowledger flushes it.
        }

        await run.CancelHandlersAsync().ConfigureAwait(false);
        var released = 0;
        foreach (var message in inFlight.Snapshot())
        {
            if (message.TryClaim() && acknowledger.TryChangeVisibility(message, TimeSpan.Zero))
            {
                released++;
            }
        }

        SqsConsumerLog.GraceExpired(_logger, _queue.QueueUrl, Counted.Of(released, "message"));
    }

    private static string QueueName(string queueUrl) =>
        queueUrl.TrimEnd('/') is var trimmed && trimmed.LastIndexOf('/') is var slash and >= 0 ? trimmed[(slash + 1)..] : trimmed;
}

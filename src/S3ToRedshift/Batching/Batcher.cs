using System.Threading.Channels;
using GapTools.Core.Logging;
using GapTools.S3ToRedshift.Sink;
using Microsoft.Extensions.Logging;

namespace GapTools.S3ToRedshift.Batching;

/// <summary>
/// The batching edge: feeds <see cref="BatchAccumulator"/> under a lock, closes batches on a
/// <see cref="TimeProvider"/> timer (no sleeps), and loads closed batches one at a time (loads serialize on the
/// load-log LOCK anyway; objects keep accumulating meanwhile, so batches grow with load). Each enqueued object
/// gets a task that completes when its batch commits or fails.
/// </summary>
internal sealed partial class Batcher : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly BatchAccumulator _accumulator;
    private readonly Dictionary<LoadLogEntry, List<TaskCompletionSource<ObjectLoadResult>>> _openWaiters = [];
    private readonly Channel<ClosedBatch> _ready = Channel.CreateUnbounded<ClosedBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<PendingBatch, CancellationToken, Task<IReadOnlyDictionary<LoadLogEntry, ObjectLoadResult>>> _load;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _loop;
    private bool _completed;
    private bool _draining;

    /// <summary>While draining, objects that still arrive are loaded after this short gathering delay, not MaxWait.</summary>
    internal static readonly TimeSpan DrainDelay = TimeSpan.FromMilliseconds(50);

    public Batcher(
        BatchLimits limits,
        Func<PendingBatch, CancellationToken, Task<IReadOnlyDictionary<LoadLogEntry, ObjectLoadResult>>> load,
        TimeProvider time,
        ILogger<Batcher> logger)
    {
        _accumulator = new BatchAccumulator(limits);
        _load = load;
        _time = time;
        _logger = logger;
        _timer = time.CreateTimer(_ => CloseDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _loop = Task.Run(LoadLoopAsync);
    }

    /// <summary>Objects waiting in open batches.</summary>
    public int PendingObjects
    {
        get
        {
            lock (_gate)
            {
                return _accumulator.PendingObjects;
            }
        }
    }

    /// <summary>Adds an object; the task completes with its result once its batch is loaded.</summary>
    public Task<ObjectLoadResult> EnqueueAsync(BatchItem item)
    {
        var waiter = new TaskCompletionSource<ObjectLoadResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_completed)
            {
                return Task.FromResult(new ObjectLoadResult(ObjectLoadStatus.Retry, "the worker is stopping"));
            }

            var closed = _accumulator.Add(item, _time.GetUtcNow());
            if (!_openWaiters.TryGetValue(item.Entry, out var waiters))
            {
                _openWaiters[item.Entry] = waiters = [];
            }

            waiters.Add(waiter);
            Dispatch(closed);
            Reschedule();
        }

        return waiter.Task;
    }

    /// <summary>
    /// The worker is stopping: close every open batch now, and from now on load objects that still arrive (messages
    /// received just before the stop) after <see cref="DrainDelay"/> instead of MaxWait, so they finish within the grace.
    /// </summary>
    public void Drain()
    {
        lock (_gate)
        {
            _draining = true;
            Dispatch(_accumulator.TakeAll());
            Reschedule();
        }
    }

    /// <summary>Closes every open batch now (the queue is idle in batch mode, or the worker is stopping).</summary>
    public void FlushAll()
    {
        lock (_gate)
        {
            Dispatch(_accumulator.TakeAll());
            Reschedule();
        }
    }

    /// <summary>
    /// Flushes, loads what is queued and stops. When <paramref name="cancellationToken"/> fires first, the running
    /// load is cancelled (its transaction rolls back) and every waiter gets <see cref="ObjectLoadStatus.Retry"/>.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_completed)
            {
                Dispatch(_accumulator.TakeAll());
                _completed = true;
                _ready.Writer.TryComplete();
            }
        }

        using var registration = cancellationToken.Register(_abort.Cancel);
        await _loop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _abort.CancelAsync().ConfigureAwait(false);
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _timer.DisposeAsync().ConfigureAwait(false);
        _abort.Dispose();
    }

    private void CloseDue()
    {
        lock (_gate)
        {
            Dispatch(_draining ? _accumulator.TakeAll() : _accumulator.TakeDue(_time.GetUtcNow()));
            Reschedule();
        }
    }

    // Caller holds _gate.
    private void Dispatch(IReadOnlyList<PendingBatch> closed)
    {
        foreach (var batch in closed)
        {
            var waiters = new List<(LoadLogEntry, TaskCompletionSource<ObjectLoadResult>)>();
            foreach (var item in batch.Items)
            {
                if (_openWaiters.Remove(item.Entry, out var list))
                {
                    waiters.AddRange(list.Select(w => (item.Entry, w)));
                }
            }

#pragma warning disable CA1873 // Counted.Of pairs a number with a word: nothing worth a level check.
            LogClosed(_logger, batch.Key, Counted.Of(batch.Items.Count, "object"), Counted.Of(batch.Bytes, "byte"), batch.Reason);
#pragma warning restore CA1873
            _ready.Writer.TryWrite(new ClosedBatch(batch, waiters));
        }
    }

    // Caller holds _gate.
    private void Reschedule()
    {
        if (_draining && _accumulator.PendingObjects > 0)
        {
            _timer.Change(DrainDelay, Timeout.InfiniteTimeSpan);
        }
        else if (_accumulator.NextDeadline is { } deadline)
        {
            var due = deadline - _time.GetUtcNow();
            _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task LoadLoopAsync()
    {
        await foreach (var closed in _ready.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            IReadOnlyDictionary<LoadLogEntry, ObjectLoadResult> results;
            try
            {
                results = _abort.IsCancellationRequested
                    ? new Dictionary<LoadLogEntry, ObjectLoadResult>()
                    : await _load(closed.Batch, _abort.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogLoadCrashed(_logger, closed.Batch.Key, e);
                results = new Dictionary<LoadLogEntry, ObjectLoadResult>();
            }

            foreach (var (entry, waiter) in closed.Waiters)
            {
                waiter.TrySetResult(results.TryGetValue(entry, out var result)
                    ? result
                    : new ObjectLoadResult(ObjectLoadStatus.Retry, "the load did not finish"));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Batch for {Table} closed: {Objects}, {Bytes} ({Reason})")]
    private static partial void LogClosed(ILogger logger, BatchKey table, Counted objects, Counted bytes, BatchFlushReason reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading a batch for {Table} failed unexpectedly")]
    private static partial void LogLoadCrashed(ILogger logger, BatchKey table, Exception exception);

    private sealed record ClosedBatch(PendingBatch Batch, List<(LoadLogEntry Entry, TaskCompletionSource<ObjectLoadResult> Waiter)> Waiters);
}

using Microsoft.Extensions.Logging;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// Maintenance awareness for a provisioned cluster: before a load (reusing a recent answer unless a connection
/// failed since), reads the cluster status; while it is not <c>available</c> the receive gate is closed (messages
/// stay in the queue), one line is logged, and the status is polled with doubling delays on the injected clock.
/// A status that cannot be read does not block loads (the load itself will tell).
/// </summary>
internal sealed partial class ClusterAvailability(
    string clusterIdentifier,
    Func<CancellationToken, Task<string>> describeStatus,
    TimeProvider time,
    TimeSpan maxAge,
    TimeSpan pollDelay,
    TimeSpan pollMaxDelay,
    ILogger<ClusterAvailability> logger) : IClusterAvailability
{
    private const string Available = "available";
    private readonly Lock _gate = new();
    private TaskCompletionSource? _closed;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;
    private volatile bool _stale = true;

    /// <summary>True while receiving is paused.</summary>
    public bool IsPaused
    {
        get
        {
            lock (_gate)
            {
                return _closed is not null;
            }
        }
    }

    /// <summary>The receive gate: completes at once unless the cluster is unavailable.</summary>
    public ValueTask WaitUntilOpenAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _closed is null ? ValueTask.CompletedTask : new ValueTask(_closed.Task.WaitAsync(cancellationToken));
        }
    }

    public async ValueTask WaitUntilAvailableAsync(CancellationToken cancellationToken)
    {
        if (!_stale && time.GetUtcNow() - _checkedAt < maxAge && !IsPaused)
        {
            return;
        }

        var delay = pollDelay;
        while (true)
        {
            string status;
            try
            {
                status = await describeStatus(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStatusUnknown(logger, clusterIdentifier, e.Message);
                Open();
                return;
            }

            _checkedAt = time.GetUtcNow();
            _stale = false;
            if (string.Equals(status, Available, StringComparison.OrdinalIgnoreCase))
            {
                if (Open())
                {
                    LogResumed(logger, clusterIdentifier);
                }

                return;
            }

            if (Close())
            {
                LogPaused(logger, clusterIdentifier, status);
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, pollMaxDelay.Ticks));
        }
    }

    public void ConnectionFailed() => _stale = true;

    private bool Close()
    {
        lock (_gate)
        {
            if (_closed is not null)
            {
                return false;
            }

            _closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return true;
        }
    }

    private bool Open()
    {
        lock (_gate)
        {
            if (_closed is null)
            {
                return false;
            }

            _closed.SetResult();
            _closed = null;
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster {Cluster} is {Status}: receiving paused until it is available again (messages stay in the queue)")]
    private static partial void LogPaused(ILogger logger, string cluster, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {Cluster} is available: receiving resumed")]
    private static partial void LogResumed(ILogger logger, string cluster);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the status of cluster {Cluster} ({Error}); loading anyway")]
    private static partial void LogStatusUnknown(ILogger logger, string cluster, string error);
}

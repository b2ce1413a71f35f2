namespace GapTools.Workers.Sqs;

/// <summary>Cancellation and stop reason of one <see cref="SqsConsumer.RunAsync"/>.</summary>
internal sealed class ConsumerRun : IDisposable
{
    private readonly CancellationTokenSource _receiving;

    // Never disposed: handlers that outlive the run (they ignored cancellation) may still read their token.
    // It has no timer or linked registration, so there is nothing to release.
    private readonly CancellationTokenSource _handlers = new();
    private int _reason = -1;

    public ConsumerRun(CancellationToken stoppingToken)
    {
        _receiving = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        HandlerToken = _handlers.Token;
    }

    /// <summary>Cancelled when receiving must stop (stop requested, drained, out of time, permanent error).</summary>
    public CancellationToken ReceiveToken => _receiving.Token;

    /// <summary>Cancelled when shutdown grace runs out.</summary>
    public CancellationToken HandlerToken { get; }

    /// <summary>The first reason given to <see cref="StopReceiving"/>; <see cref="SqsStopReason.Stopped"/> otherwise.</summary>
    public SqsStopReason StopReason => Volatile.Read(ref _reason) is var reason and >= 0 ? (SqsStopReason)reason : SqsStopReason.Stopped;

    public void StopReceiving(SqsStopReason reason)
    {
        Interlocked.CompareExchange(ref _reason, (int)reason, -1);
        try
        {
            _receiving.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The max-execution timer fired while the run was ending.
        }
    }

    public Task CancelHandlersAsync() => _handlers.CancelAsync();

    public void Dispose() => _receiving.Dispose();
}

namespace GapTools.Workers.Sqs;

/// <summary>A received message from receive until it is settled (deleted, visibility changed, or abandoned).</summary>
internal sealed class InFlightMessage(SqsMessage message, DateTimeOffset leaseStartedAt)
{
    private int _claimed;
    private long _lastExtendedTicks = leaseStartedAt.UtcTicks;

    public SqsMessage Message => message;

    /// <summary>When it was received (monotonic timestamp), for the receive-to-settlement duration.</summary>
    public long ReceivedTimestamp { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>When the current visibility window started (receive, or the last heartbeat that renewed it).</summary>
    public DateTimeOffset LastExtendedAt
    {
        get => new(Interlocked.Read(ref _lastExtendedTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _lastExtendedTicks, value.UtcTicks);
    }

    /// <summary>True once someone (the handler's outcome or shutdown) has taken responsibility for settling it.</summary>
    public bool IsClaimed => Volatile.Read(ref _claimed) == 1;

    /// <summary>Exactly one caller wins: the handler's outcome and shutdown's release race for it.</summary>
    public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;
}

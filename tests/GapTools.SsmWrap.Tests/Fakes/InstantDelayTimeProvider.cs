namespace GapTools.SsmWrap.Tests.Fakes;

/// <summary>
/// A clock whose delays all end at once, remembering what was asked for (retry tests stay fast). Task.Delay asks in
/// whole milliseconds and starts no timer for less than one, so with random jitter count retries elsewhere (the log).
/// </summary>
internal sealed class InstantDelayTimeProvider : TimeProvider
{
    public System.Collections.Concurrent.ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Delays.Enqueue(dueTime);
        }

        return System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
    }
}

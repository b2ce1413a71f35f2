namespace GapTools.Testing;

/// <summary>
/// A clock that moves only when told to. Timers fire synchronously inside <see cref="Advance"/>, in due order,
/// with the clock set to each timer's due time (Microsoft.Extensions.TimeProvider.Testing is not available here).
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Number of timers currently armed.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.Due is not null);
            }
        }
    }

    /// <summary>Time until the earliest armed timer fires, or null when none is armed.</summary>
    public TimeSpan? NextTimerIn
    {
        get
        {
            lock (_gate)
            {
                var next = _timers.Where(t => t.Due is not null).Select(t => t.Due!.Value).DefaultIfEmpty().Min();
                return next == default ? null : next - _now;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.Due is { } d && d <= target).MinBy(t => t.Due);
                if (due is null)
                {
                    _now = target;
                    return;
                }

                _now = due.Due!.Value;
                due.Due = due.Period > TimeSpan.Zero && due.Period != Timeout.InfiniteTimeSpan ? _now + due.Period : null;
            }

            due.Fire();
        }
    }

    /// <summary>Advances exactly to the earliest armed timer (firing it); returns false when none is armed.</summary>
    public bool AdvanceToNextTimer()
    {
        var next = NextTimerIn;
        if (next is null)
        {
            return false;
        }

        Advance(next.Value < TimeSpan.Zero ? TimeSpan.Zero : next.Value);
        return true;
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            timer.Period = period;
            timer.Due = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime;
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

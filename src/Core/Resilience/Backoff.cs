namespace GapTools.Core.Resilience;

/// <summary>Pure backoff arithmetic (no clock, no hidden randomness).</summary>
public static class Backoff
{
    /// <summary>
    /// <c>min(maxDelay, baseDelay * 2^attempt)</c>, where <paramref name="attempt"/> is 0 for the delay before
    /// the first retry.
    /// </summary>
    public static TimeSpan Exponential(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, TimeSpan.Zero);

        // Doubles keep 2^attempt from overflowing; the cap brings the result back into range.
        var ticks = baseDelay.Ticks * Math.Pow(2, Math.Min(attempt, 62));
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// "Full jitter": <paramref name="random"/> (in [0, 1)) scaled onto [0, <see cref="Exponential"/>].
    /// </summary>
    public static TimeSpan FullJitter(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        var ceiling = Exponential(attempt, baseDelay, maxDelay);
        return TimeSpan.FromTicks((long)(ceiling.Ticks * Math.Clamp(random, 0d, 1d)));
    }
}

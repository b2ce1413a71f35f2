using Microsoft.Extensions.Logging;

namespace GapTools.Core.Resilience;

/// <summary>Everything a retry pipeline reads from outside: clock, randomness, classification, logging, metrics.</summary>
public sealed record ResilienceInputs
{
    /// <summary>Clock for delays. Defaults to <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Source of uniform randoms in [0, 1) for jitter. Defaults to <see cref="Random.Shared"/>.</summary>
    public Func<double>? Randomizer { get; init; }

    /// <summary>
    /// Consulted before <see cref="TransientErrors"/>: return true/false to decide, null to defer
    /// (for example <c>e =&gt; e is NpgsqlException n ? n.IsTransient : null</c>).
    /// </summary>
    public Func<Exception, bool?>? ExtraClassifier { get; init; }

    /// <summary>Receives one warning per retry. Defaults to none.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Called before each retry, for example to count retries in a metric.</summary>
    public Action<RetryNotice>? OnRetry { get; init; }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace GapTools.SsmWrap;

/// <summary>How <see cref="SsmParameterLoader"/> talks to SSM.</summary>
public sealed record SsmParameterLoaderOptions
{
    /// <summary>
    /// Most retries of one SSM call after its first attempt, for throttling, 5xx and network errors (0..100; 0 turns
    /// retrying off). Defaults to <see cref="SsmWrapDefaults.MaxRetries"/> (100), so that <see cref="RetryBudget"/> decides.
    /// The CLI's <c>-retries N</c> counts attempts, as ssmwrap v2 does: it sets this to N - 1.
    /// </summary>
    public int MaxRetries { get; init; } = SsmWrapDefaults.MaxRetries;

    /// <summary>
    /// Time one SSM call may spend waiting between its attempts (0..1 h; 0 turns retrying off): no retry is scheduled
    /// once its waits add up to this. The attempts' own time does not count. Defaults to
    /// <see cref="SsmWrapDefaults.RetryBudget"/> (30 s). Not used with <see cref="RetryPipeline"/>.
    /// </summary>
    public TimeSpan RetryBudget { get; init; } = SsmWrapDefaults.RetryBudget;

    /// <summary>Longest single backoff delay (1 ms..1 h). Defaults to <see cref="SsmWrapDefaults.MaxDelay"/> (10 s).</summary>
    public TimeSpan MaxDelay { get; init; } = SsmWrapDefaults.MaxDelay;

    /// <summary>
    /// A pipeline to run every SSM call through instead of the one built from <see cref="MaxRetries"/>,
    /// <see cref="RetryBudget"/> and <see cref="MaxDelay"/>. Null (the default) builds GapTools.Core's full-jitter
    /// exponential retry.
    /// </summary>
    public ResiliencePipeline? RetryPipeline { get; init; }

    /// <summary>SSM calls in flight at once. Defaults to <see cref="SsmWrapDefaults.MaxConcurrentRequests"/> (4).</summary>
    public int MaxConcurrentRequests { get; init; } = SsmWrapDefaults.MaxConcurrentRequests;

    /// <summary>
    /// Receives retry warnings and one warning per environment variable whose name a shell cannot expand. Defaults to
    /// no logging. Values are never logged.
    /// </summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Clock for backoff delays. Defaults to <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace GapTools.SsmWrap;

/// <summary>How <see cref="SsmParameterLoader"/> talks to SSM.</summary>
public sealed record SsmParameterLoaderOptions
{
    /// <summary>Retries after the first attempt for throttling, 5xx and network errors (0..100). Defaults to <see cref="SsmWrapDefaults.MaxRetries"/> (5).</summary>
    public int MaxRetries { get; init; } = SsmWrapDefaults.MaxRetries;

    /// <summary>Longest single backoff delay (1 ms..1 h). Defaults to <see cref="SsmWrapDefaults.MaxDelay"/> (10 s).</summary>
    public TimeSpan MaxDelay { get; init; } = SsmWrapDefaults.MaxDelay;

    /// <summary>
    /// A pipeline to run every SSM call through instead of the one built from <see cref="MaxRetries"/> and
    /// <see cref="MaxDelay"/>. Null (the default) builds GapTools.Core's jittered exponential retry.
    /// </summary>
    public ResiliencePipeline? RetryPipeline { get; init; }

    /// <summary>SSM calls in flight at once. Defaults to <see cref="SsmWrapDefaults.MaxConcurrentRequests"/> (4).</summary>
    public int MaxConcurrentRequests { get; init; } = SsmWrapDefaults.MaxConcurrentRequests;

    /// <summary>Receives retry warnings. Defaults to no logging. Values are never logged.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Clock for backoff delays. Defaults to <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

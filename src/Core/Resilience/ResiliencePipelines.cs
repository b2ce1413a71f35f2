using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace GapTools.Core.Resilience;

/// <summary>
/// Builds the retry pipeline for one edge. This is the only retry layer: clients it wraps must not retry
/// themselves (set the AWS SDK client's MaxErrorRetry to 0).
/// </summary>
public static class ResiliencePipelines
{
    private static readonly ResilienceInputs DefaultInputs = new();

    /// <summary>The check <see cref="Create"/> makes, for callers that build their pipelines later (one per call).</summary>
    /// <exception cref="ArgumentException">Names <paramref name="name"/> and what is out of range.</exception>
    public static void ThrowIfInvalid(RetryOptions options, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var validation = new RetryOptionsValidator().Validate(name, options);
        if (validation.Failed)
        {
            throw new ArgumentException($"Invalid retry options for '{name}': {validation.FailureMessage}", nameof(options));
        }
    }

    /// <summary>
    /// A pipeline that retries errors <see cref="TransientErrors"/> (or <see cref="ResilienceInputs.ExtraClassifier"/>)
    /// calls transient, with exponential backoff and jitter, logging one line per retry.
    /// </summary>
    /// <param name="options">Attempts, delays and jitter; validated here.</param>
    /// <param name="name">Operation name used in logs and <see cref="RetryNotice.Operation"/>, for example <c>sqs.DeleteMessageBatch</c>.</param>
    /// <param name="inputs">Clock, randomness, classifier, logger and retry callback; defaults to the system ones.</param>
    public static ResiliencePipeline Create(RetryOptions options, string name, ResilienceInputs? inputs = null)
    {
        ThrowIfInvalid(options, name);
        inputs ??= DefaultInputs;
        if (options.MaxRetryAttempts == 0)
        {
            return ResiliencePipeline.Empty;
        }

        var randomizer = inputs.Randomizer ?? Random.Shared.NextDouble;
        var logger = inputs.Logger ?? NullLogger.Instance;
        var classifier = inputs.ExtraClassifier;
        var retry = new RetryStrategyOptions
        {
            Name = name,
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            UseJitter = options.Jitter == RetryJitter.Decorrelated,
            Randomizer = randomizer,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } e && TransientErrors.IsTransient(e, classifier, args.Context.CancellationToken)),
            DelayGenerator = options.Jitter == RetryJitter.Full
                ? args => ValueTask.FromResult<TimeSpan?>(
                    Backoff.FullJitter(args.AttemptNumber, options.BaseDelay, options.MaxDelay, randomizer()))
                : null,
            OnRetry = args =>
            {
                var attempt = args.AttemptNumber + 1;
                var error = args.Outcome.Exception is { } e ? ErrorSummary.Describe(e) : "a failed result";
                ResilienceLog.Retrying(logger, name, attempt, options.MaxRetryAttempts, args.RetryDelay, error);
                inputs.OnRetry?.Invoke(new RetryNotice(name, attempt, args.RetryDelay, args.Outcome.Exception));
                return default;
            },
        };

        return new ResiliencePipelineBuilder { Name = name, TimeProvider = inputs.TimeProvider }
            .AddRetry(retry)
            .Build();
    }

    /// <summary>
    /// A pipeline for start-up calls (resolving a queue, the first receive, reading credentials) that retries transient
    /// errors with jittered exponential backoff from <paramref name="baseDelay"/> up to <paramref name="maxDelay"/> until
    /// the caller's token is cancelled, logging one line per backoff step: a brief outage at start is not a crash.
    /// Permanent errors (a missing queue, access denied) still fail at once.
    /// </summary>
    public static ResiliencePipeline CreateUntilCancelled(string name, TimeSpan baseDelay, TimeSpan maxDelay, ResilienceInputs? inputs = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        inputs ??= DefaultInputs;
        var logger = inputs.Logger ?? NullLogger.Instance;
        var classifier = inputs.ExtraClassifier;
        return new ResiliencePipelineBuilder { Name = name, TimeProvider = inputs.TimeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                Name = name,
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = baseDelay,
                MaxDelay = maxDelay,
                UseJitter = true,
                Randomizer = inputs.Randomizer ?? Random.Shared.NextDouble,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e && TransientErrors.IsTransient(e, classifier, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    var error = args.Outcome.Exception is { } e ? ErrorSummary.Describe(e) : "a failed result";
                    ResilienceLog.RetryingUntilStopped(logger, name, args.AttemptNumber + 1, args.RetryDelay, error);
                    inputs.OnRetry?.Invoke(new RetryNotice(name, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception));
                    return default;
                },
            })
            .Build();
    }
}

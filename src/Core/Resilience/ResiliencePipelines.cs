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

    /// <summary>
    /// A pipeline that retries errors <see cref="TransientErrors"/> (or <see cref="ResilienceInputs.ExtraClassifier"/>)
    /// calls transient, with exponential backoff and jitter, logging one line per retry.
    /// </summary>
    /// <param name="options">Attempts, delays and jitter; validated here.</param>
    /// <param name="name">Operation name used in logs and <see cref="RetryNotice.Operation"/>, for example <c>sqs.DeleteMessageBatch</c>.</param>
    /// <param name="inputs">Clock, randomness, classifier, logger and retry callback; defaults to the system ones.</param>
    public static ResiliencePipeline Create(RetryOptions options, string name, ResilienceInputs? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var validation = new RetryOptionsValidator().Validate(name, options);
        if (validation.Failed)
        {
            throw new ArgumentException($"Invalid retry options for '{name}': {validation.FailureMessage}", nameof(options));
        }

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
}

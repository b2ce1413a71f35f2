using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace GapTools.SsmWrap.Fetching;

/// <summary>
/// TEMPORARY — the one place SsmWrap builds its retry pipeline, until
/// <c>GapTools.Core.Resilience.ResiliencePipelines.Create(...)</c> lands; swap the body of <see cref="Create"/> for it.
/// Jittered exponential backoff (Polly's <c>UseJitter</c>) on throttling, 5xx and network errors.
/// </summary>
internal static partial class TemporaryRetryPipeline
{
    public static ResiliencePipeline Create(int maxRetries, TimeSpan maxDelay, TimeProvider timeProvider, ILogger logger, Func<double>? randomizer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        if (maxRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        var options = new RetryStrategyOptions
        {
            MaxRetryAttempts = maxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = SsmWrapDefaults.BaseDelay < maxDelay ? SsmWrapDefaults.BaseDelay : maxDelay,
            MaxDelay = maxDelay,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } e && !args.Context.CancellationToken.IsCancellationRequested && TransientErrors.IsTransient(e)),
            OnRetry = args =>
            {
                LogRetry(logger, ErrorCode(args.Outcome.Exception), args.AttemptNumber + 1, maxRetries, args.RetryDelay.TotalMilliseconds);
                return ValueTask.CompletedTask;
            },
        };
        if (randomizer is not null)
        {
            options.Randomizer = randomizer;
        }

        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }.AddRetry(options).Build();
    }

    private static string ErrorCode(Exception? e) => e switch
    {
        AmazonServiceException { ErrorCode: { Length: > 0 } code } => code,
        null => "unknown",
        _ => e.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "SSM call failed with {ErrorCode}; retry {Attempt} of {MaxRetries} in {DelayMs:F0} ms")]
    private static partial void LogRetry(ILogger logger, string errorCode, int attempt, int maxRetries, double delayMs);
}

using Polly;
using Polly.Retry;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// The one retry layer of the database edge: only transient <see cref="RedshiftLoadException"/>s are retried,
/// with exponential backoff and jitter on the injected clock. (Guard conflicts and permanent errors are not.)
/// </summary>
internal static class LoadRetry
{
    public static ResiliencePipeline Create(int maxRetryAttempts, TimeSpan baseDelay, TimeSpan maxDelay, TimeProvider time, Func<double>? randomizer, Action? onRetry)
    {
        if (maxRetryAttempts == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                Name = "redshift.LoadTransaction",
                MaxRetryAttempts = maxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay,
                MaxDelay = maxDelay,
                Randomizer = randomizer ?? Random.Shared.NextDouble,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is RedshiftLoadException { Kind: LoadFailureKind.Transient }),
                OnRetry = _ =>
                {
                    onRetry?.Invoke();
                    return default;
                },
            })
            .Build();
    }
}

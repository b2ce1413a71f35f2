using GapTools.Core.Resilience;
using Polly;

namespace GapTools.SsmWrap.Fetching;

/// <summary>
/// The retry of each SSM read, built by the core (<see cref="ResiliencePipelines.Create"/>): full-jitter exponential
/// backoff on throttling, 5xx and network errors; auth, validation and not-found fail at once. Two limits, whichever
/// comes first: <see cref="SsmParameterLoaderOptions.MaxRetries"/>, and <see cref="SsmParameterLoaderOptions.RetryBudget"/>,
/// the time a call may spend waiting between its attempts. The budget counts the waits, not the attempts' own time, so
/// a slow machine or a slow answer does not eat it: a fleet throttled at start keeps trying for as long as the budget
/// says, not for a few attempts. Each call gets its own pipeline (its own budget), named after its operation
/// (<c>ssm.GetParametersByPath</c>) in the retry log.
/// </summary>
internal sealed class SsmRetry
{
    /// <summary>The longest retry budget accepted (as long as the core's longest delay).</summary>
    public static readonly TimeSpan MaxRetryBudget = TimeSpan.FromHours(1);

    private readonly Func<string, ResiliencePipeline> _forOneCall;

    private SsmRetry(Func<string, ResiliencePipeline> forOneCall) => _forOneCall = forOneCall;

    /// <summary>A caller's own pipeline (<see cref="SsmParameterLoaderOptions.RetryPipeline"/>) for every call.</summary>
    public static SsmRetry Same(ResiliencePipeline pipeline) => new(_ => pipeline);

    /// <exception cref="ArgumentException">
    /// The options are out of range: the core's retries 0..100 and max delay 1 ms..1 h, a retry budget of 0..1 h.
    /// </exception>
    public static SsmRetry Create(SsmParameterLoaderOptions options, Func<double>? randomizer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RetryBudget < TimeSpan.Zero || options.RetryBudget > MaxRetryBudget)
        {
            throw new ArgumentException($"RetryBudget ({options.RetryBudget}) must be from 0 to {MaxRetryBudget}.", nameof(options));
        }

        var retry = RetryOptionsOf(options);
        var budget = options.RetryBudget;

        // At construction rather than at the first call, and without building a pipeline (about a millisecond of start-up).
        ResiliencePipelines.ThrowIfInvalid(retry, "ssm");

        return new SsmRetry(Build);

        ResiliencePipeline Build(string operation)
        {
            var waited = TimeSpan.Zero; // this call's waits so far; its attempts run one after another
            return ResiliencePipelines.Create(retry, "ssm." + operation, new ResilienceInputs
            {
                TimeProvider = options.TimeProvider,
                Logger = options.Logger,
                Randomizer = randomizer,
                // Consulted before the core's own classification: once the budget is spent, nothing is retried.
                ExtraClassifier = _ => waited < budget ? null : false,
                OnRetry = notice => waited += notice.Delay,
            });
        }
    }

    /// <summary>A fresh pipeline, with a fresh budget, for one call of <paramref name="operation"/>.</summary>
    public ResiliencePipeline ForOneCall(string operation) => _forOneCall(operation);

    public static RetryOptions RetryOptionsOf(SsmParameterLoaderOptions options) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        // A cap below the base delay lowers the base too: "-max-delay 50ms" means no delay is longer than 50 ms.
        BaseDelay = options.MaxDelay < SsmWrapDefaults.BaseDelay ? options.MaxDelay : SsmWrapDefaults.BaseDelay,
        MaxDelay = options.MaxDelay,
        // Uniform in [0, min(cap, base * 2^n)]: processes throttled together spread out instead of retrying in step.
        Jitter = RetryJitter.Full,
    };
}

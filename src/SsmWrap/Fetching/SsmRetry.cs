using GapTools.Core.Resilience;
using Polly;

namespace GapTools.SsmWrap.Fetching;

/// <summary>
/// The retry pipelines of the three SSM reads, built by the core (<see cref="ResiliencePipelines.Create"/>): jittered
/// exponential backoff on throttling, 5xx and network errors; auth, validation and not-found fail at once. One
/// pipeline per operation so each retry is logged under its name (<c>ssm.GetParametersByPath</c>).
/// </summary>
internal sealed record SsmRetry(ResiliencePipeline GetParametersByPath, ResiliencePipeline GetParameters, ResiliencePipeline GetParameter)
{
    /// <summary>A caller's own pipeline (<see cref="SsmParameterLoaderOptions.RetryPipeline"/>) for every operation.</summary>
    public static SsmRetry Same(ResiliencePipeline pipeline) => new(pipeline, pipeline, pipeline);

    /// <exception cref="ArgumentException">The options are out of the core's range (retries 0..100, max delay 1 ms..1 h).</exception>
    public static SsmRetry Create(SsmParameterLoaderOptions options, Func<double>? randomizer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var retry = RetryOptionsOf(options);
        var inputs = new ResilienceInputs { TimeProvider = options.TimeProvider, Logger = options.Logger, Randomizer = randomizer };
        return new SsmRetry(Build("GetParametersByPath"), Build("GetParameters"), Build("GetParameter"));

        ResiliencePipeline Build(string operation) => ResiliencePipelines.Create(retry, "ssm." + operation, inputs);
    }

    public static RetryOptions RetryOptionsOf(SsmParameterLoaderOptions options) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        // A cap below the base delay lowers the base too: "-max-delay 50ms" means no delay is longer than 50 ms.
        BaseDelay = options.MaxDelay < SsmWrapDefaults.BaseDelay ? options.MaxDelay : SsmWrapDefaults.BaseDelay,
        MaxDelay = options.MaxDelay,
    };
}

using GapTools.Core.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// The one retry layer of the database edge, built by Core: transient <see cref="RedshiftLoadException"/>s (and
/// Npgsql's own transient errors) are retried with jittered backoff on the injected clock; guard conflicts and
/// permanent errors are not.
/// </summary>
internal static class LoadRetry
{
    public static ResiliencePipeline Create(RetryOptions options, TimeProvider time, Func<double>? randomizer, ILogger? logger, Action? onRetry) =>
        ResiliencePipelines.Create(options, "redshift.LoadTransaction", new ResilienceInputs
        {
            TimeProvider = time,
            Randomizer = randomizer,
            Logger = logger,
            ExtraClassifier = Classify,
            OnRetry = onRetry is null ? null : _ => onRetry(),
        });

    internal static bool? Classify(Exception e) => e switch
    {
        RedshiftLoadException r => r.Kind == LoadFailureKind.Transient,
        LoadConflictException => false,
        Npgsql.NpgsqlException n => n.IsTransient,
        _ => null,
    };
}

using GapTools.Core;
using GapTools.S3ToRedshift.Batching;
using GapTools.S3ToRedshift.Configuration;
using GapTools.S3ToRedshift.Routing;
using GapTools.S3ToRedshift.Sink;
using GapTools.S3ToRedshift.Source;
using Microsoft.Extensions.Logging;
using GapTools.Workers.Outage;
using Polly;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// The tool between its source and its sink, built once from options: router → batcher → exactly-once loader over
/// one copier. The worker feeds <see cref="Processor"/> from every source; tests build it over any copier.
/// </summary>
internal sealed class LoadEngine : IAsyncDisposable
{
    public LoadEngine(
        S3ToRedshiftOptions options,
        IRedshiftCopier copier,
        IManifestStore manifests,
        ICopyCredentialsSource credentials,
        IClusterAvailability cluster,
        ResiliencePipeline retry,
        int maxStatementLength,
        TimeProvider time,
        S3ToRedshiftMetrics metrics,
        ILoggerFactory loggers,
        SinkOutage? outage = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = S3ToRedshiftOptionsRules.BuildRules(options);
        Router = new Router(rules);
        if (!QualifiedTableName.TryParse(options.LoadLog.Table, out var loadLog, out var error))
        {
            throw new ArgumentException($"S3ToRedshift:LoadLog:Table {error}.", nameof(options));
        }

        (string Bucket, string Prefix)? manifest = null;
        if (S3Uri.TryParse(options.Manifest.Prefix, out var location, out _))
        {
            manifest = (location.Bucket, location.Prefix);
        }

        var settings = new LoadSettings(loadLog!, options.LoadLog.Create, manifest?.Bucket, manifest?.Prefix ?? "", options.Manifest.DeleteAfterLoad, maxStatementLength);
        Loader = new BatchLoader(copier, manifests, credentials, cluster, retry, settings, time, () => Guid.NewGuid().ToString("N"), metrics, loggers.CreateLogger<BatchLoader>(), outage);
        Limits = new BatchLimits(options.Batch.EffectiveMaxObjects(manifest is not null), options.Batch.MaxBytes, options.Batch.MaxWait);
        Batcher = new Batcher(Limits, Loader.LoadAsync, time, loggers.CreateLogger<Batcher>());
        Processor = new EventProcessor(Router, Batcher, options.UnmatchedEvents, options.FailedMessageDelay, manifest, metrics, loggers.CreateLogger<EventProcessor>());
    }

    public Router Router { get; }

    public BatchLimits Limits { get; }

    public BatchLoader Loader { get; }

    public Batcher Batcher { get; }

    public EventProcessor Processor { get; }

    public ValueTask DisposeAsync() => Batcher.DisposeAsync();
}

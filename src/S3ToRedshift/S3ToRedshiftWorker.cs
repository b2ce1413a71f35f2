using System.Diagnostics.Metrics;
using Amazon.Extensions.NETCore.Setup;
using Amazon.S3;
using Amazon.SQS;
using GapTools.Core;
using GapTools.Core.Resilience;
using GapTools.S3ToRedshift.Batching;
using GapTools.S3ToRedshift.Configuration;
using GapTools.S3ToRedshift.Hosting;
using GapTools.S3ToRedshift.Routing;
using GapTools.S3ToRedshift.Sink;
using GapTools.S3ToRedshift.Source;
using GapTools.Workers;
using GapTools.Workers.Outage;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GapTools.S3ToRedshift;

/// <summary>
/// S3ToRedshift without a host: S3 object-created events from SQS → routed to tables → micro-batched → one COPY
/// per batch, exactly once. Built once from validated options (routes, limits and sink settings parsed here, never
/// again); <see cref="RunAsync"/> consumes the queue until stopped. One message's way:
/// <see cref="HandleAsync"/> (parse) → <c>Source/EventProcessor</c> (route, enqueue) → <c>Batching/Batcher</c>
/// → <c>Sink/BatchLoader</c> (COPY + load log, one transaction) → <c>Acknowledgement/MessageSettlement</c> → the
/// consumer deletes, delays or dead-letters it.
/// </summary>
public sealed partial class S3ToRedshiftWorker : IS3Worker, ISqsMessageHandler
{
    private readonly S3ToRedshiftOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly AmazonS3Client _s3;
    private readonly AmazonSQSClient _sqs;
    private readonly RedshiftEdge _redshift;
    private readonly S3ToRedshiftMetrics _metrics;
    private readonly LoadEngine _engine;
    private readonly SinkOutage _outage;
    private int _disposed;
    private volatile bool _consuming;

    private S3ToRedshiftWorker(S3ToRedshiftOptions options, AWSOptions aws, ILoggerFactory loggers, TimeProvider time, IMeterFactory? meterFactory)
    {
        _options = options;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<S3ToRedshiftWorker>();
        var (region, credentials) = AwsSettings.Resolve(aws, S3ToRedshiftDefaults.SectionName);
        _metrics = new S3ToRedshiftMetrics(meterFactory);
        _s3 = AwsSettings.CreateS3(aws, credentials);
        _sqs = AwsSettings.CreateSqs(aws, credentials);
        _redshift = new RedshiftEdge(options, credentials, region, AwsSettings.ServiceUrl(aws), time, loggers);
        ICopyCredentialsSource copyCredentials = options.Copy.Authorization == CopyAuthorization.IamRole
            ? new IamRoleCopyCredentials(options.Copy.IamRole!)
            : new WorkerCopyCredentials(credentials);
        var retry = LoadRetry.Create(options.Retry, time, null, _logger, () => _metrics.Retries.Add(1));
        _outage = new SinkOutage("Redshift", options.SinkOutage, new ResilienceInputs { TimeProvider = time, ExtraClassifier = LoadRetry.Classify, Logger = _logger });
        _engine = new LoadEngine(options, _redshift.Copier, new S3ManifestStore(_s3), copyCredentials,
            (IClusterAvailability?)_redshift.Cluster ?? AlwaysAvailable.Instance, retry, _redshift.MaxStatementLength, time, _metrics, loggers, _outage);
        foreach (var rule in _engine.Router.Rules)
        {
            LogTarget(_logger, rule);
        }
    }

    /// <summary>
    /// Builds the worker from <paramref name="options"/> and the tool's AWS access (<see cref="AwsSettings.Read"/>).
    /// The worker owns its clients.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options break a rule of <see cref="S3ToRedshiftOptionsRules.Validate"/>, or no region or credentials are found (every problem, each naming its key).</exception>
    public static S3ToRedshiftWorker Create(S3ToRedshiftOptions options, AWSOptions aws, ILoggerFactory loggers, TimeProvider? time = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(loggers);
        if (S3ToRedshiftOptionsRules.Validate(options) is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(S3ToRedshiftOptions), problems);
        }

        return new S3ToRedshiftWorker(options, aws, loggers, time ?? TimeProvider.System, meterFactory);
    }

    /// <inheritdoc />
    public string Name => S3ToRedshiftDefaults.SectionName;

    /// <summary>The batch limits in force (objects, bytes, wait).</summary>
    public BatchLimits Limits => _engine.Limits;

    internal S3ToRedshiftMetrics Metrics => _metrics;

    /// <inheritdoc />
    public async Task<SqsConsumerSummary> RunAsync(CancellationToken cancellationToken)
    {
        var idle = _options.Sqs.Consumer.Mode == SqsConsumerMode.DrainAndExit ? new FlushWhenIdle(_engine.Batcher) : null;
        var consumer = await SqsConsumers.OpenAsync(_sqs, S3ToRedshiftDefaults.SectionName, _options.Sqs, this, _time, _loggers, new SinkGate(_redshift.Cluster, _outage), idle, cancellationToken).ConfigureAwait(false);
        _consuming = true;
        try
        {
            return await consumer.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _consuming = false;
        }
    }

    /// <inheritdoc />
    public WorkerReadiness Readiness =>
        !_consuming ? WorkerReadiness.NotReady("not consuming the queue (starting, stopped or drained)")
        : _redshift.Cluster?.IsPaused == true ? WorkerReadiness.NotReady("the Redshift cluster is not available (maintenance, resizing or paused); receiving is paused")
        : _outage.IsUnavailable ? WorkerReadiness.NotReady($"Redshift is unavailable (loads failing for {_outage.Outage:hh\\:mm\\:ss}); receiving is paused")
        : WorkerReadiness.Ready("consuming; Redshift takes loads");

    /// <summary>One SQS message: settled at once when it names nothing to load, else processed as a unit.</summary>
    public Task<MessageDisposition> HandleAsync(SqsMessage message, CancellationToken cancellationToken) => HandleMessageAsync(message, cancellationToken);

    private Task<MessageDisposition> HandleMessageAsync(SqsMessage message, CancellationToken cancellationToken)
    {
        var (events, settled) = S3EventTriage.Read(message, _logger);
        return settled is not null
            ? Task.FromResult(settled)
            : ProcessAsync(S3WorkUnit.FromMessage(events.Created, message), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<MessageDisposition> ProcessAsync(S3WorkUnit work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var objects = work.Objects
            .Select(c => new ObjectEvent(c.Object.Bucket, c.Object.Key, c.Object.Size, c.Object.ETag, c.Object.VersionId, c.EventTime))
            .ToList();
        var disposition = _engine.Processor.ProcessAsync(work.Origin, objects, cancellationToken);
        if (!work.FromQueue)
        {
            // Event files and backfills hand over one unit at a time and wait for it: load it now, not after MaxWait.
            _engine.Batcher.FlushAll();
        }

        return await disposition.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void FlushPending() => _engine.Batcher.FlushAll();

    /// <inheritdoc />
    public void BeginStop() => _engine.Batcher.Drain();

    /// <inheritdoc />
    public Task WriteDryRunAsync(TextWriter output, string? eventFile, CancellationToken cancellationToken) =>
        RedshiftDryRun.WriteAsync(_options, _engine.Router.Rules, eventFile, output, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _engine.DisposeAsync().ConfigureAwait(false);
        await _redshift.DisposeAsync().ConfigureAwait(false);
        _s3.Dispose();
        _sqs.Dispose();
        _metrics.Dispose();
    }

    /// <summary>
    /// Receiving pauses while Redshift cannot take loads: the circuit of failed loads is open (the signal every setup
    /// has), or DescribeClusters reports maintenance (one more signal, where a ClusterIdentifier is configured).
    /// </summary>
    private sealed class SinkGate(ClusterAvailability? cluster, SinkOutage outage) : IReceiveGate
    {
        public async ValueTask WaitUntilOpenAsync(CancellationToken cancellationToken)
        {
            if (cluster is not null)
            {
                await cluster.WaitUntilOpenAsync(cancellationToken).ConfigureAwait(false);
            }

            await outage.WaitUntilOpenAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>In drain mode an empty receive means the queue is drained: close every open batch now, not after MaxWait.</summary>
    private sealed class FlushWhenIdle(Batcher batcher) : IQueueIdleObserver
    {
        public ValueTask OnQueueIdleAsync(CancellationToken cancellationToken)
        {
            batcher.FlushAll();
            return ValueTask.CompletedTask;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Target {Rule}")]
    private static partial void LogTarget(ILogger logger, RouteRule rule);
}

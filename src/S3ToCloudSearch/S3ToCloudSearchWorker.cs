using System.Diagnostics.Metrics;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using GapTools.Core;
using GapTools.Core.Resilience;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.S3ToCloudSearch.Hosting;
using GapTools.S3ToCloudSearch.Sink;
using GapTools.S3ToCloudSearch.Source;
using GapTools.Workers;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GapTools.S3ToCloudSearch;

/// <summary>
/// S3ToCloudSearch without a host: consumes the configured queue of S3 event notifications (<see cref="RunAsync"/>)
/// or takes work units from an adapter (<see cref="ProcessAsync"/>: event files, backfills), indexes the JSON lines
/// (or JSON array) documents of every object named into CloudSearch, and says what should happen to each message.
/// It owns its S3, SQS and CloudSearch clients, built from the <see cref="AWSOptions"/> it was created with; nothing
/// is taken from an application's container.
/// </summary>
/// <remarks>
/// One message's path, file by file: this class (receive, triage) → <c>Source/DocumentPipeline</c> (route, read
/// each object, wait) → <c>Source/ObjectReader</c> (stream, split) → <c>Conversion/SdfConverter</c> (validate,
/// serialize) → <c>Batching/BatchQueue</c> (fill batches) → <c>Sink/EndpointSender</c> and <c>Sink/BatchUploader</c>
/// (upload, retry, hold through an outage, split, error lines) → <c>Acknowledgement/WorkUnit</c> (every document
/// resolved) → back here, and the SQS consumer deletes the message. Each endpoint's outage guard
/// (<c>Sink/EndpointOutages</c>) is also the consumer's receive gate: while a domain is down nothing new is received.
/// </remarks>
public sealed class S3ToCloudSearchWorker : IS3Worker, IDisposable
{
    private readonly S3ToCloudSearchOptions options;
    private readonly EndpointRoutes routes;
    private readonly string region;
    private readonly Uri? serviceUrl;
    private readonly AmazonS3Client s3;
    private readonly AmazonSQSClient sqs;
    private readonly CloudSearchClients cloudSearch;
    private readonly EndpointOutages outages;
    private volatile bool consuming;
    private readonly EndpointUploaders uploaders;
    private readonly DocumentPipeline pipeline;
    private readonly S3ToCloudSearchMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILoggerFactory loggers;
    private readonly ILogger logger;
    private int disposed;

    private S3ToCloudSearchWorker(S3ToCloudSearchOptions options, AWSOptions aws, ILoggerFactory loggers, TimeProvider time, IMeterFactory? meterFactory)
    {
        this.options = options;
        this.loggers = loggers;
        this.time = time;
        logger = loggers.CreateLogger("GapTools.S3ToCloudSearch");
        routes = new EndpointRoutes(options);
        (region, var credentials) = AwsSettings.Resolve(aws, S3ToCloudSearchOptions.SectionName);
        serviceUrl = AwsSettings.ServiceUrl(aws);
        metrics = new S3ToCloudSearchMetrics(meterFactory);

        // S3 keeps the SDK's own retries (the S3 edge's one retry layer); the consumer retries SQS calls itself.
        s3 = AwsSettings.CreateS3(aws, credentials);
        sqs = AwsSettings.CreateSqs(aws, credentials);
        cloudSearch = new CloudSearchClients(credentials, region, options.UploadTimeout, time);
        var store = new AmazonS3ObjectStore(s3);
        var errors = new ErrorSink(
            store,
            S3Uri.TryParse(options.ErrorsLocation, out var errorsLocation, out _) ? errorsLocation : null,
            metrics,
            loggers.CreateLogger("GapTools.S3ToCloudSearch.Errors"));
        // The upload edge's retries and its outage guard share one clock, randomness, classifier and logger.
        outages = new EndpointOutages(options.UploadRetry, options.SinkOutage, new ResilienceInputs
        {
            TimeProvider = time,
            Logger = logger,
            ExtraClassifier = DocumentServiceException.Classify,
            OnRetry = _ => metrics.Retries.Add(1, new KeyValuePair<string, object?>("operation", "UploadDocuments")),
        });
        uploaders = new EndpointUploaders(
            routes.All,
            options.MaxBatchBytes,
            options.MaxBatchWait,
            options.MinUploadInterval,
            endpoint =>
            {
                var (retry, outage) = outages.For(endpoint);
                return new BatchUploader(cloudSearch.For(endpoint), retry, errors, metrics, logger, outage);
            },
            time,
            logger);
        pipeline = new DocumentPipeline(
            routes,
            new ObjectReader(store, options.MaxLineBytes, errors, metrics, logger),
            uploaders,
            errors,
            options.FailedMessageDelay,
            logger);
    }

    /// <summary>The tool's name for logs: <c>S3ToCloudSearch</c>.</summary>
    public string Name => S3ToCloudSearchOptions.SectionName;

    /// <summary>
    /// Builds the worker from a copy of <paramref name="options"/> (later changes to them have no effect) and its own
    /// AWS clients.
    /// </summary>
    /// <param name="options">The tool's settings; validated here.</param>
    /// <param name="aws">Region, endpoint and credentials, e.g. <see cref="AwsSettings.Read"/> of the configuration.</param>
    /// <param name="loggers">Where the worker logs.</param>
    /// <param name="time">Clock for delays and signing. Defaults to <see cref="TimeProvider.System"/>.</param>
    /// <param name="meterFactory">Creates the <c>GapTools.S3ToCloudSearch</c> meter. Defaults to none (a plain meter).</param>
    /// <exception cref="OptionsValidationException">
    /// The options are invalid, or the AWS region or credentials cannot be resolved; every problem names its key.
    /// </exception>
    public static S3ToCloudSearchWorker Create(
        S3ToCloudSearchOptions options, AWSOptions aws, ILoggerFactory loggers, TimeProvider? time = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(loggers);
        var validation = new S3ToCloudSearchOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(S3ToCloudSearchOptions), validation.Failures);
        }

        return new S3ToCloudSearchWorker(Frozen(options), aws, loggers, time ?? TimeProvider.System, meterFactory);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException"><c>S3ToCloudSearch:Sqs:Queue</c> is not set.</exception>
    public async Task<SqsConsumerSummary> RunAsync(CancellationToken cancellationToken)
    {
        // Receiving pauses while a CloudSearch endpoint is down: a message received then could only wait or be released.
        // An empty receive means nothing more is coming for now: the partly filled batches go at once, not after MaxBatchWait.
        // Draining (--batch), receives are short polls: the run ends as soon as a receive finds nothing and nothing is in
        // flight, instead of after a long poll's WaitTime.
        var source = options.Sqs.Consumer.Mode == SqsConsumerMode.DrainAndExit
            ? options.Sqs with { Consumer = options.Sqs.Consumer with { WaitTime = TimeSpan.Zero } }
            : options.Sqs;
        var consumer = await SqsConsumers.OpenAsync(sqs, S3ToCloudSearchOptions.SectionName, source, new QueueMessages(this), time, loggers, gate: outages, idle: new FlushWhenIdle(uploaders), cancellationToken)
            .ConfigureAwait(false);
        consuming = true;
        try
        {
            return await consumer.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            consuming = false;
        }
    }

    /// <inheritdoc />
    public WorkerReadiness Readiness =>
        !consuming ? WorkerReadiness.NotReady("not consuming the queue (starting, stopped or drained)")
        : outages.All.Any(o => o.IsUnavailable) ? WorkerReadiness.NotReady("a CloudSearch endpoint is unavailable (uploads failing); receiving is paused")
        : WorkerReadiness.Ready("consuming; CloudSearch takes uploads");

    /// <inheritdoc />
    public Task<MessageDisposition> ProcessAsync(S3WorkUnit work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        // Handed over by an adapter (event file, backfill, Lambda): nothing more comes until it completes, so its last
        // batch goes as soon as no unit reads into it.
        return pipeline.ProcessAsync(work.Origin, work.Objects.Select(o => o.Object).ToList(), hold: false, cancellationToken);
    }

    /// <summary>Sends every partly filled batch as soon as no message reads into it, instead of after <c>MaxBatchWait</c>.</summary>
    public void FlushPending() => uploaders.FlushAll();

    /// <summary>
    /// Stopping: partly filled batches go at once (as soon as no message reads into them), so in-flight messages finish
    /// within the consumer's shutdown grace. Messages still unfinished then (held because CloudSearch is down, say)
    /// are released when the grace runs out (the consumer makes them visible again), as any unfinished message is.
    /// </summary>
    public void BeginStop() => uploaders.FlushAll();

    /// <inheritdoc />
    public Task WriteDryRunAsync(TextWriter output, string? eventFile, CancellationToken cancellationToken) =>
        DryRun.WriteAsync(options, routes, region, serviceUrl, output, eventFile, cancellationToken);

    /// <summary>Stops the uploaders (whatever is still queued belongs to messages that were released) and the clients.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await uploaders.DisposeAsync().ConfigureAwait(false);
        cloudSearch.Dispose();
        s3.Dispose();
        sqs.Dispose();
        metrics.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    // An unresolvable region or credentials is bad configuration: reported like an invalid key, without a stack trace.
    // The worker's own copy: an application changing its options object later cannot change a running worker.
    private static S3ToCloudSearchOptions Frozen(S3ToCloudSearchOptions o) => o with
    {
        Endpoints = new Dictionary<string, string>(o.Endpoints, StringComparer.Ordinal),
        UploadRetry = o.UploadRetry with { },
        SinkOutage = o.SinkOutage with { },
        Sqs = o.Sqs with
        {
            Consumer = o.Sqs.Consumer with { DeleteRetry = o.Sqs.Consumer.DeleteRetry with { }, ReceiveRetry = o.Sqs.Consumer.ReceiveRetry with { } },
        },
    };

    /// <summary>
    /// Each received message: read its events, settle what needs no sink, index the rest. Its last batch keeps filling
    /// from the messages received after it (the heartbeat keeps it invisible meanwhile), up to <c>MaxBatchWait</c>.
    /// </summary>
    private sealed class QueueMessages(S3ToCloudSearchWorker worker) : ISqsMessageHandler
    {
        public async Task<MessageDisposition> HandleAsync(SqsMessage message, CancellationToken cancellationToken)
        {
            var (events, settled) = S3EventTriage.Read(message, worker.logger);
            if (settled is not null)
            {
                return settled;
            }

            var work = S3WorkUnit.FromMessage(events.Created, message);
            return await worker.pipeline.ProcessAsync(work.Origin, work.Objects.Select(o => o.Object).ToList(), hold: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A receive found nothing: send the partly filled batches now.</summary>
    private sealed class FlushWhenIdle(EndpointUploaders uploaders) : IQueueIdleObserver
    {
        public ValueTask OnQueueIdleAsync(CancellationToken cancellationToken)
        {
            uploaders.FlushAll();
            return ValueTask.CompletedTask;
        }
    }
}

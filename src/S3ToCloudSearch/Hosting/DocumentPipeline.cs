using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Amazon.Runtime;
using GapTools.Core.S3Events;
using GapTools.S3ToCloudSearch.Acknowledgement;
using GapTools.S3ToCloudSearch.Batching;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.S3ToCloudSearch.Conversion;
using GapTools.S3ToCloudSearch.Sink;
using GapTools.S3ToCloudSearch.Source;
using Microsoft.Extensions.Logging;

namespace GapTools.S3ToCloudSearch.Hosting;

/// <summary>
/// The whole pipeline for one work unit: route each object's key to an endpoint, stream the object, convert each
/// line, hand valid documents to that endpoint's batch queue and report the rest, then wait until every document
/// is acknowledged or reported and its error lines are written. Each endpoint has one uploader running alongside
/// (<see cref="Start"/>).
/// </summary>
internal sealed partial class DocumentPipeline : IAsyncDisposable, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock startGate = new();
    private Task? uploaders;
    private readonly S3ToCloudSearchOptions options;
    private readonly EndpointRoutes routes;
    private readonly IS3ObjectStore store;
    private readonly ErrorSink errors;
    private readonly S3ToCloudSearchMetrics metrics;
    private readonly ILogger logger;
    private readonly Dictionary<DocumentEndpoint, (BatchQueue Queue, EndpointSender Sender)> endpoints;
    private readonly ConcurrentBag<SdfConverter> converters = [];

    public DocumentPipeline(
        S3ToCloudSearchOptions options,
        EndpointRoutes routes,
        IS3ObjectStore store,
        Func<DocumentEndpoint, BatchUploader> uploaderFor,
        ErrorSink errors,
        S3ToCloudSearchMetrics metrics,
        TimeProvider time,
        ILogger logger)
    {
        this.options = options;
        this.routes = routes;
        this.store = store;
        this.errors = errors;
        this.metrics = metrics;
        this.logger = logger;
        endpoints = routes.All.ToDictionary(e => e, e =>
        {
            var queue = new BatchQueue(options.MaxBatchBytes);
            return (queue, new EndpointSender(queue, uploaderFor(e), options.MinUploadInterval, time, logger));
        });
    }

    /// <summary>
    /// Starts every endpoint's uploader (once). They live as long as the pipeline, not as a hosted service: on
    /// SIGTERM the consumer's in-flight messages must still be able to finish uploading while the host stops.
    /// </summary>
    public void Start()
    {
        lock (startGate)
        {
            uploaders ??= Task.WhenAll(endpoints.Values.Select(e => Task.Run(() => e.Sender.RunAsync(stopping.Token))));
        }
    }

    /// <summary>Stops the uploaders at once: whatever is still queued belongs to units that were released.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await StopUploadersAsync().ConfigureAwait(false);
        stopping.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task StopUploadersAsync()
    {
        Task? running;
        lock (startGate)
        {
            running = uploaders;
        }

        if (running is null)
        {
            return;
        }

        try
        {
            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped on purpose.
        }
    }

    public async Task<UnitResult> ProcessAsync(string unitName, IReadOnlyList<S3ObjectRef> objects, CancellationToken cancellationToken)
    {
        Start();
        var unit = new WorkUnit(unitName);
        var plan = new List<(S3ObjectRef Object, DocumentEndpoint Endpoint)>();
        foreach (var source in objects)
        {
            if (errors.Location?.Contains(source.Bucket, source.Key) == true)
            {
                // Our own error files: indexing them would report their lines as errors again, forever.
                LogSkippingErrorFile(logger, source);
                continue;
            }

            if (routes.Route(source.Key, out var routeError) is not { } endpoint)
            {
                LogUnroutable(logger, source, routeError!);
                return new UnitResult(UnitOutcome.Undeliverable, routeError);
            }

            plan.Add((source, endpoint));
        }

        var progress = new List<ObjectProgress>();
        var leases = plan.Select(p => p.Endpoint).Distinct().Select(e => endpoints[e].Queue.Enter()).ToList();
        try
        {
            foreach (var (source, endpoint) in plan)
            {
                var objectProgress = new ObjectProgress(unit, source.Bucket, source.Key);
                progress.Add(objectProgress);
                if (await ReadObjectAsync(source, objectProgress, endpoints[endpoint].Queue, cancellationToken).ConfigureAwait(false) is { } failed)
                {
                    return failed;
                }
            }
        }
        finally
        {
            // Leaving lets the uploader send a partly filled batch at once instead of waiting for more documents.
            leases.ForEach(l => l.Dispose());
        }

        unit.Seal();
        try
        {
            await unit.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var objectProgress in progress)
            {
                await errors.FlushAsync(objectProgress, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new UnitResult(UnitOutcome.Retry, $"not every document could be uploaded or reported: {Core.Resilience.ErrorSummary.Describe(e)}");
        }

        foreach (var p in progress)
        {
            LogObjectDone(logger, p, p.Uploaded, p.Invalid, p.Stripped);
        }

        return UnitResult.Done;
    }

    // Returns null when the object was read to its end (whatever its lines held), else the unit's result.
    private async Task<UnitResult?> ReadObjectAsync(S3ObjectRef source, ObjectProgress progress, BatchQueue queue, CancellationToken cancellationToken)
    {
        Stream opened;
        try
        {
            // The S3 client retries transient errors itself (the S3 edge's one retry layer).
            opened = await store.OpenAsync(source.Bucket, source.Key, source.VersionId, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Deleted since the event was sent: there is nothing left to index, and retrying cannot change that.
            LogObjectGone(logger, source);
            return null;
        }
        catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            LogObjectUnreadable(logger, source, e.ErrorCode);
            return new UnitResult(UnitOutcome.Undeliverable, $"{source}: access denied ({e.ErrorCode})");
        }

        var converter = converters.TryTake(out var pooled) ? pooled : new SdfConverter();
        try
        {
            await using var reader = await DocumentReader.OpenAsync(opened, options.MaxLineBytes, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var item = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                switch (item.Kind)
                {
                    case SourceItemKind.End:
                        return null;
                    case SourceItemKind.Document:
                        var conversion = converter.Convert(item.Json.Span);
                        if (conversion.IsValid)
                        {
                            progress.DocumentAdded(conversion.StrippedCharacters);
                            metrics.StrippedCharacters.Add(conversion.StrippedCharacters);
                            await queue.AddAsync(conversion.Document, new DocumentOrigin(progress, item.Line, item.Element), cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            var kind = conversion.IsOverSizeLimit ? ErrorKinds.TooLarge : ErrorKinds.Invalid;
                            await ReportAsync(progress, new ErrorRecord(kind, item.Line, item.Element, conversion.Error!, item.Size, item.Json.ToArray()), cancellationToken).ConfigureAwait(false);
                        }

                        break;
                    case SourceItemKind.TooLarge:
                        var reason = string.Create(CultureInfo.InvariantCulture,
                            $"{item.Size:N0} bytes, over the {options.MaxLineBytes:N0}-byte line limit (CloudSearch takes documents up to 1 MB); skipped unread");
                        await ReportAsync(progress, new ErrorRecord(ErrorKinds.TooLarge, item.Line, item.Element, reason, item.Size, default), cancellationToken).ConfigureAwait(false);
                        break;
                    case SourceItemKind.Malformed:
                        await ReportAsync(progress, new ErrorRecord(ErrorKinds.Malformed, item.Line, item.Element, item.Reason!, 0, default), cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
        }
        finally
        {
            converters.Add(converter);
        }
    }

    private async Task ReportAsync(ObjectProgress progress, ErrorRecord record, CancellationToken cancellationToken)
    {
        progress.LineRejected();
        await errors.ReportAsync(progress, record, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Object}: {Uploaded} documents uploaded, {Invalid} error lines, {Stripped} characters stripped")]
    private static partial void LogObjectDone(ILogger logger, ObjectProgress @object, long uploaded, long invalid, long stripped);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Object} is under the errors location; not indexed")]
    private static partial void LogSkippingErrorFile(ILogger logger, S3ObjectRef @object);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Object}: {Reason}")]
    private static partial void LogUnroutable(ILogger logger, S3ObjectRef @object, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Object} no longer exists; nothing to index")]
    private static partial void LogObjectGone(ILogger logger, S3ObjectRef @object);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Object} cannot be read: {ErrorCode}")]
    private static partial void LogObjectUnreadable(ILogger logger, S3ObjectRef @object, string? errorCode);
}

using GapTools.Core.Logging;
using GapTools.Core.Resilience;
using GapTools.Core.S3Events;
using GapTools.S3ToCloudSearch.Acknowledgement;
using GapTools.S3ToCloudSearch.Batching;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.S3ToCloudSearch.Sink;
using GapTools.Workers.Outage;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging;

namespace GapTools.S3ToCloudSearch.Source;

/// <summary>
/// One work unit (a message's objects) from its objects to its verdict: route each key to an endpoint, read each
/// object into that endpoint's batches (<see cref="ObjectReader"/>), then wait until every document is acknowledged
/// by CloudSearch or reported (<see cref="WorkUnit"/>) and the error lines are written. Delete when all of that
/// happened; when CloudSearch stayed down for the outage's hold, retry after the outage's release delay (it grows
/// with the outage; never at once); retry after <see cref="S3ToCloudSearchOptions.FailedMessageDelay"/> when uploads
/// failed otherwise; dead-letter when the message can never succeed as configured. Once the unit has failed, the rest
/// of its objects is not read. A unit that holds (an SQS message) leaves its last batch filling for the messages after
/// it (up to the batch's max wait); one that does not (an event file, a backfill page, a Lambda invocation) has it sent
/// once no unit reads into it. At most <see cref="MaxConcurrentReads"/> units read at once: the rest of the messages in
/// flight wait for a reader, or for their documents' batches, holding no buffer.
/// </summary>
#pragma warning disable CA1001 // The semaphore's wait handle is never created: nothing to dispose.
internal sealed partial class DocumentPipeline(
    EndpointRoutes routes,
    ObjectReader reader,
    EndpointUploaders uploaders,
    ErrorSink errors,
    TimeSpan failedMessageDelay,
    ILogger logger)
#pragma warning restore CA1001
{
    private static readonly Func<ILogger, string, string, string, IDisposable?> ObjectScope =
        LoggerMessage.DefineScope<string, string, string>("s3://{Bucket}/{Key} to {Endpoint}");

    /// <summary>Units reading objects at once (each holds a read window and a GetObject stream).</summary>
    public const int MaxConcurrentReads = 16;

    private readonly SemaphoreSlim readers = new(MaxConcurrentReads, MaxConcurrentReads);

    public async Task<MessageDisposition> ProcessAsync(string origin, IReadOnlyList<S3ObjectRef> objects, bool hold, CancellationToken cancellationToken)
    {
        uploaders.Start();
        var plan = new List<(S3ObjectRef Object, BatchQueue Queue, DocumentEndpoint Endpoint)>();
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
                return MessageDisposition.DeadLetter(routeError!);
            }

            if (!uploaders.TryGetQueue(endpoint, out var queue))
            {
                var reason = $"key '{source.Key}' selects endpoint '{endpoint.Name}', but this worker uploads to {EndpointUploaders.MaxEndpoints} endpoints already";
                LogUnroutable(logger, source, reason);
                return MessageDisposition.DeadLetter(reason);
            }

            plan.Add((source, queue, endpoint));
        }

        var unit = new WorkUnit(origin);
        var progress = new List<ObjectProgress>();
        await readers.WaitAsync(cancellationToken).ConfigureAwait(false);
        var leases = plan.Select(p => p.Queue).Distinct().Select(q => q.Enter(hold)).ToList();
        using (var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, unit.Failed))
        {
            try
            {
                foreach (var (source, queue, endpoint) in plan)
                {
                    using var scope = ObjectScope(logger, source.Bucket, source.Key, endpoint.Url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped));
                    var objectProgress = new ObjectProgress(unit, source.Bucket, source.Key);
                    progress.Add(objectProgress);
                    if (await reader.ReadAsync(source, objectProgress, queue, reading.Token).ConfigureAwait(false) is { } settled)
                    {
                        return settled;
                    }
                }
            }
            catch (OperationCanceledException) when (unit.Failed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // A batch with documents of this unit failed (CloudSearch down past the hold, say): its verdict is
                // already known, and reading on would only hold more batches for nothing.
            }
            finally
            {
                // Leaving without holding lets the uploader send a partly filled batch at once instead of waiting for more documents.
                leases.ForEach(l => l.Dispose());
                readers.Release();
            }
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
        catch (SinkUnavailableException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the message's fault: it comes back once the outage has had time to end, without burning receives fast.
            var reason = $"{e.Sink} has been unavailable for {e.Outage:hh\\:mm\\:ss}: {ErrorSummary.Describe(e.InnerException ?? e)}";
            LogRetryLater(logger, origin, reason, e.ReleaseDelay);
            return MessageDisposition.RetryAfter(e.ReleaseDelay, reason);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = $"not every document could be uploaded or reported: {ErrorSummary.Describe(e)}";
            LogRetryLater(logger, origin, reason, failedMessageDelay);
            return MessageDisposition.RetryAfter(failedMessageDelay, reason);
        }

        foreach (var p in progress)
        {
#pragma warning disable CA1873 // Counted.Of pairs a number with a word: nothing worth a level check.
            LogObjectDone(logger, p, Counted.Of(p.Uploaded, "document"), Counted.Of(p.Invalid, "error line"), Counted.Of(p.Stripped, "character"), Counted.Of(p.Replaced, "character"));
#pragma warning restore CA1873
        }

        return MessageDisposition.Delete;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Object}: {Uploaded} uploaded, {Invalid}, {Stripped} stripped, {Replaced} replaced by U+FFFD")]
    private static partial void LogObjectDone(ILogger logger, ObjectProgress @object, Counted uploaded, Counted invalid, Counted stripped, Counted replaced);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Object} is under the errors location; not indexed")]
    private static partial void LogSkippingErrorFile(ILogger logger, S3ObjectRef @object);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Object}: {Reason}")]
    private static partial void LogUnroutable(ILogger logger, S3ObjectRef @object, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Origin}: {Reason}; it will be delivered again in {Delay}")]
    private static partial void LogRetryLater(ILogger logger, string origin, string reason, TimeSpan delay);
}

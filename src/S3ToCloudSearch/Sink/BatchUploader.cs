using System.Diagnostics;
using System.Globalization;
using System.Net;
using GapTools.Core.Logging;
using GapTools.S3ToCloudSearch.Batching;
using GapTools.S3ToCloudSearch.Conversion;
using GapTools.Workers.Outage;
using Microsoft.Extensions.Logging;
using Polly;

namespace GapTools.S3ToCloudSearch.Sink;

/// <summary>
/// Uploads one batch so that every document in it ends resolved: acknowledged by CloudSearch, or reported as an
/// error line when CloudSearch refuses that document. Transient failures (5xx, 504, 507, 509, throttling) are
/// retried by the pipeline and, past its retries, held by the endpoint's <see cref="SinkOutage"/> (probing until the
/// domain answers, or <see cref="SinkUnavailableException"/> after its hold); HTTP 413 splits the batch in two; a
/// document-level refusal reports the documents the service names and uploads the rest again (halving the batch when
/// the service names none).
/// </summary>
/// <param name="outage">The endpoint's outage guard; null runs the pipeline alone (a failure past it propagates).</param>
internal sealed partial class BatchUploader(
    ICloudSearchDocuments client,
    ResiliencePipeline pipeline,
    ErrorSink errors,
    S3ToCloudSearchMetrics metrics,
    ILogger logger,
    SinkOutage? outage = null)
{
    private const int MaxReasonLength = 1024;

    public Uri Endpoint => client.Endpoint;

    /// <exception cref="SinkUnavailableException">CloudSearch stayed unavailable for the outage's hold.</exception>
    /// <exception cref="Exception">
    /// The batch could not be uploaded (a permanent error; without an outage guard, retries exhausted). Documents of
    /// split halves uploaded before the failure stay acknowledged; the rest are not resolved.
    /// </exception>
    public async Task UploadAsync(OutgoingBatch batch, CancellationToken cancellationToken)
    {
        // A span per batch (a split batch's halves are its children), with what it carried and how it ended.
        using var activity = S3ToCloudSearchMetrics.Activities.StartActivity($"UploadDocuments {client.Endpoint.Host}", ActivityKind.Client);
        activity?.SetTag("server.address", client.Endpoint.Host);
        activity?.SetTag("gaptools.documents", batch.Count);
        try
        {
            await UploadBatchAsync(batch, activity, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("gaptools.outcome", "uploaded");
            activity?.SetStatus(ActivityStatusCode.Ok);
        }
        catch (Exception e)
        {
            activity?.SetTag("gaptools.outcome", e is SinkUnavailableException ? "unavailable" : "failed");
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    private async Task UploadBatchAsync(OutgoingBatch batch, Activity? activity, CancellationToken cancellationToken)
    {
        var body = batch.Documents.ToBatch();
        activity?.SetTag("gaptools.bytes", body.Length);
        UploadDocumentsResponse response;
        try
        {
            response = await SendAsync(batch, body, cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentServiceException e) when (e.StatusCode == HttpStatusCode.RequestEntityTooLarge && !e.IsTransient)
        {
            if (batch.Count == 1)
            {
                // Only a document we measured over the limit gets here (see SendAsync).
                var reason = string.Create(CultureInfo.InvariantCulture,
                    $"CloudSearch refused the document as too large (HTTP 413): {batch.Documents.Document(0).Length:N0} bytes, over the {SdfLimits.MaxDocumentBytes:N0}-byte document limit");
                await RejectAsync(batch, 0, reason, cancellationToken).ConfigureAwait(false);
                return;
            }

            LogSplitting(logger, client.Endpoint, body.Length, Counted.Of(batch.Count, "document"));
            await SplitAsync(batch, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (DocumentServiceException e) when (e.IsDocumentRejection)
        {
            await HandleRejectionAsync(batch, e, cancellationToken).ConfigureAwait(false);
            return;
        }

        Acknowledge(batch, body.Length, response);
    }

    private async Task<UploadDocumentsResponse> SendAsync(OutgoingBatch batch, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        // A 413 for one document we measured under the document limit is not the document's fault (a proxy's limit,
        // the service struggling): transient, so the document is retried and held like an outage, never reported.
        var size = batch.Count == 1 ? batch.Documents.Document(0).Length : 0;
        var alone = batch.Count == 1 && size <= SdfLimits.MaxDocumentBytes;
        Func<CancellationToken, ValueTask<UploadDocumentsResponse>> call = async token =>
        {
            try
            {
                return await client.UploadDocumentsAsync(new UploadDocumentsRequest { Documents = body }, token).ConfigureAwait(false);
            }
            catch (DocumentServiceException e) when (alone && e.StatusCode == HttpStatusCode.RequestEntityTooLarge)
            {
                throw e.AsTransient(string.Create(CultureInfo.InvariantCulture,
                    $"one document of {size:N0} bytes, within the {SdfLimits.MaxDocumentBytes:N0}-byte limit: treated as transient"));
            }
        };

        return outage is null
            ? await pipeline.ExecuteAsync(call, cancellationToken).ConfigureAwait(false)
            : await outage.ExecuteAsync(pipeline, call, cancellationToken).ConfigureAwait(false);
    }

    private async Task HandleRejectionAsync(OutgoingBatch batch, DocumentServiceException refusal, CancellationToken cancellationToken)
    {
        var documents = Enumerable.Range(0, batch.Count).Select(i => batch.Documents.Document(i)).ToArray();
        var named = DocumentRejections.Identify(refusal.Errors, documents);
        if (named.Count > 0)
        {
            foreach (var (index, message) in named.OrderBy(n => n.Key))
            {
                await RejectAsync(batch, index, $"refused by CloudSearch: {message}", cancellationToken).ConfigureAwait(false);
            }

            var rest = Enumerable.Range(0, batch.Count).Where(i => !named.ContainsKey(i)).ToArray();
            if (rest.Length > 0)
            {
                await UploadAsync(batch.Subset(rest), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (batch.Count == 1)
        {
            await RejectAsync(batch, 0, $"refused by CloudSearch: {string.Join("; ", refusal.Errors)}", cancellationToken).ConfigureAwait(false);
            return;
        }

        // The service named no document: halve until the refused ones are alone.
        LogBisecting(logger, client.Endpoint, Counted.Of(batch.Count, "document"));
        await SplitAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    private async Task SplitAsync(OutgoingBatch batch, CancellationToken cancellationToken)
    {
        var half = batch.Count / 2;
        await UploadAsync(batch.Subset(Enumerable.Range(0, half)), cancellationToken).ConfigureAwait(false);
        await UploadAsync(batch.Subset(Enumerable.Range(half, batch.Count - half)), cancellationToken).ConfigureAwait(false);
    }

    private async Task RejectAsync(OutgoingBatch batch, int index, string reason, CancellationToken cancellationToken)
    {
        var origin = batch.Origins[index];
        var document = batch.Documents.Document(index);
        var text = reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength] + "…";
        await errors.ReportAsync(origin.Object, new ErrorRecord(ErrorKinds.Rejected, origin.Line, origin.Element, text, document.Length, document.ToArray()), cancellationToken)
            .ConfigureAwait(false);
        origin.Object.DocumentRejected();
    }

    private void Acknowledge(OutgoingBatch batch, int bytes, UploadDocumentsResponse response)
    {
        metrics.Batches.Add(1);
        metrics.Bytes.Add(bytes);
        metrics.BatchBytes.Record(bytes);
        metrics.Documents.Add(batch.Count);
#pragma warning disable CA1873 // Counted.Of pairs a number with a word: nothing worth a level check.
        LogAccepted(logger, Counted.Of(batch.Count, "document"), Counted.Of(bytes, "byte"));
#pragma warning restore CA1873
        if (response.Warnings.Count > 0)
        {
            LogWarnings(logger, client.Endpoint, Counted.Of(response.Warnings.Count, "warning"), response.Warnings[0]);
        }

        // Consecutive documents mostly come from the same object: acknowledge them as runs.
        var origins = batch.Origins;
        for (var start = 0; start < origins.Count;)
        {
            var end = start + 1;
            while (end < origins.Count && ReferenceEquals(origins[end].Object, origins[start].Object))
            {
                end++;
            }

            origins[start].Object.DocumentsUploaded(end - start);
            start = end;
        }
    }

    // The endpoint is the sender's scope (in JSON lines); the text names the batch only.
    [LoggerMessage(Level = LogLevel.Debug, Message = "CloudSearch accepted a batch of {Count} ({Bytes})")]
    private static partial void LogAccepted(ILogger logger, Counted count, Counted bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Endpoint}: a {Bytes}-byte batch of {Count} got HTTP 413; uploading it in two halves")]
    private static partial void LogSplitting(ILogger logger, Uri endpoint, int bytes, Counted count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Endpoint}: CloudSearch refused a batch of {Count} without naming them; halving it to find them")]
    private static partial void LogBisecting(ILogger logger, Uri endpoint, Counted count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Endpoint}: CloudSearch accepted a batch with {Count}, the first: {Warning}")]
    private static partial void LogWarnings(ILogger logger, Uri endpoint, Counted count, string warning);
}

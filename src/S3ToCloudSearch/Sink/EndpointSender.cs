using GapTools.Core.Logging;
using GapTools.Core.Resilience;
using GapTools.S3ToCloudSearch.Batching;
using GapTools.Workers.Outage;
using Microsoft.Extensions.Logging;

namespace GapTools.S3ToCloudSearch.Sink;

/// <summary>
/// The single uploader of one endpoint: takes batches from its queue in order, one at a time (so an add and a later
/// delete of the same id can never overtake each other), at most one per <c>minInterval</c>. While the domain is down
/// the batch being uploaded is held (its uploader's outage guard probes; the batches behind it and their readers wait:
/// back-pressure). A batch that cannot be uploaded fails the work units whose documents it held, so their messages are
/// released with a delay, not deleted.
/// </summary>
internal sealed partial class EndpointSender(BatchQueue queue, BatchUploader uploader, TimeSpan minInterval, TimeProvider time, ILogger logger)
{
    private static readonly Func<ILogger, string, IDisposable?> EndpointScope = LoggerMessage.DefineScope<string>("endpoint {Endpoint}");

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var scope = EndpointScope(logger, uploader.Endpoint.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)); // never user info
        long? lastUpload = null;
        while (true)
        {
            await queue.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
            if (minInterval > TimeSpan.Zero && lastUpload is { } last && minInterval - time.GetElapsedTime(last) is var wait && wait > TimeSpan.Zero)
            {
                // Documents keep collecting meanwhile, so the batch taken after the wait is fuller.
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            if (queue.Take() is not { } batch)
            {
                continue;
            }

            try
            {
                await uploader.UploadAsync(batch, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever stopped the upload, its work units must fail so their messages are released.
            catch (Exception e)
#pragma warning restore CA1031
            {
                if (e is SinkUnavailableException outage)
                {
                    LogReleasing(logger, uploader.Endpoint, Counted.Of(batch.Count, "document"), outage.Outage, outage.ReleaseDelay);
                }
                else if (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogUploadFailed(logger, uploader.Endpoint, Counted.Of(batch.Count, "document"), ErrorSummary.Describe(e));
                }

                foreach (var unit in batch.Origins.Select(o => o.Object.Unit).Distinct())
                {
                    unit.Fail(e);
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
            finally
            {
                lastUpload = time.GetTimestamp();
                queue.Return(batch);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Endpoint}: CloudSearch has been unavailable for {Outage}: a batch of {Count} is given up for now; its messages come back in about {Delay}")]
    private static partial void LogReleasing(ILogger logger, Uri endpoint, Counted count, TimeSpan outage, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Endpoint}: a batch of {Count} could not be uploaded ({Error}); their messages will be released")]
    private static partial void LogUploadFailed(ILogger logger, Uri endpoint, Counted count, string error);
}

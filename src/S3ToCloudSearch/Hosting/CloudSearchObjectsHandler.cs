using GapTools.Core.Sqs;
using GapTools.Core.Workers;
using GapTools.S3ToCloudSearch.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GapTools.S3ToCloudSearch.Hosting;

/// <summary>
/// The tool's answer for one message (or event-file entry, or backfill page): index its objects, then delete the
/// message only when every document is uploaded or reported; retry it later when uploads failed; dead-letter it
/// when it can never succeed as configured.
/// </summary>
internal sealed partial class CloudSearchObjectsHandler(
    DocumentPipeline pipeline,
    IOptions<S3ToCloudSearchOptions> options,
    ILogger<CloudSearchObjectsHandler> logger) : IS3ObjectsHandler
{
    public async Task<MessageDisposition> HandleAsync(S3ObjectsWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var result = await pipeline.ProcessAsync(work.Origin, work.Objects.Select(o => o.Object).ToList(), cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case UnitOutcome.Done:
                return MessageDisposition.Delete;
            case UnitOutcome.Undeliverable:
                return MessageDisposition.DeadLetter(result.Reason!);
            default:
                var delay = options.Value.FailedMessageDelay;
                LogRetryLater(logger, work.Origin, result.Reason, delay);
                return MessageDisposition.RetryAfter(delay);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Origin}: {Reason}; it will be delivered again in {Delay}")]
    private static partial void LogRetryLater(ILogger logger, string origin, string? reason, TimeSpan delay);
}

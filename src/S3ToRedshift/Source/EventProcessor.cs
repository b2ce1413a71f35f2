using GapTools.S3ToRedshift.Acknowledgement;
using GapTools.Workers.Sqs;
using GapTools.S3ToRedshift.Batching;
using GapTools.S3ToRedshift.Configuration;
using GapTools.S3ToRedshift.Routing;
using GapTools.S3ToRedshift.Sink;
using Microsoft.Extensions.Logging;

namespace GapTools.S3ToRedshift.Source;

/// <summary>
/// The second step of one message: route its objects (unmatched policy, our own manifests skipped), hand each load
/// to the batcher, wait until all are settled and let <see cref="MessageSettlement"/> decide the message's fate.
/// Shared by every source (SQS, event file, backfill).
/// </summary>
internal sealed partial class EventProcessor(
    Router router,
    Batcher batcher,
    UnmatchedEventPolicy unmatchedPolicy,
    TimeSpan failedMessageDelay,
    (string Bucket, string Prefix)? manifestLocation,
    S3ToRedshiftMetrics metrics,
    ILogger<EventProcessor> logger)
{
    private static readonly Func<ILogger, string, string, IDisposable?> ObjectScope = LoggerMessage.DefineScope<string, string>("s3://{Bucket}/{Key}");

    /// <summary>Routes, loads and settles the objects of one message.</summary>
    public async Task<MessageDisposition> ProcessAsync(string messageId, IReadOnlyList<ObjectEvent> objects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var waits = new List<(ObjectEvent Object, RouteTarget Target, Task<ObjectLoadResult> Result)>();
        var deadLetter = new List<string>();
        foreach (var item in objects)
        {
            using var scope = ObjectScope(logger, item.Bucket, item.Key);
            if (manifestLocation is { } m && item.Bucket == m.Bucket && item.Key.StartsWith(m.Prefix, StringComparison.Ordinal))
            {
                // Our own manifests, when the manifest prefix shares a notified bucket.
                continue;
            }

            var decision = router.Route(item.Bucket, item.Key);
            if (decision.IsUnmatched)
            {
                Count("unmatched");
                if (unmatchedPolicy == UnmatchedEventPolicy.DeadLetter)
                {
                    LogUnmatchedDeadLetter(logger, messageId, item.Bucket, item.Key);
                    deadLetter.Add($"s3://{item.Bucket}/{item.Key} matches no target");
                }
                else
                {
                    LogUnmatchedAcknowledged(logger, messageId, item.Bucket, item.Key);
                }

                continue;
            }

            foreach (var error in decision.Errors)
            {
                LogRouteError(logger, messageId, item.Bucket, item.Key, error);
                deadLetter.Add($"s3://{item.Bucket}/{item.Key}: {error}");
            }

            if (decision.Loads.Count == 0 && decision.Discarded.Count > 0)
            {
                Count("discarded");
            }

            foreach (var target in decision.Loads)
            {
                var entry = new LoadLogEntry(item.Bucket, item.Key, item.VersionId ?? "", item.ETag ?? "", target.Table);
                waits.Add((item, target, batcher.EnqueueAsync(new BatchItem(BatchKey.For(target), entry, item.Size, item.EventTime))));
            }
        }

        await Task.WhenAll(waits.Select(w => w.Result)).WaitAsync(cancellationToken).ConfigureAwait(false);
        var loads = waits.Select(w => new MessageSettlement.ObjectLoad(w.Object.Bucket, w.Object.Key, w.Target.Table.ToString(), w.Result.Result)).ToList();
        return MessageSettlement.Decide(loads, deadLetter, failedMessageDelay);
    }

    private void Count(string outcome) => metrics.Objects.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: s3://{Bucket}/{Key} matches no target; acknowledged (UnmatchedEvents = Acknowledge)")]
    private static partial void LogUnmatchedAcknowledged(ILogger logger, string messageId, string bucket, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: s3://{Bucket}/{Key} matches no target; the message goes to the dead-letter queue")]
    private static partial void LogUnmatchedDeadLetter(ILogger logger, string messageId, string bucket, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId}: s3://{Bucket}/{Key} cannot be routed: {Error}")]
    private static partial void LogRouteError(ILogger logger, string messageId, string bucket, string key, string error);
}

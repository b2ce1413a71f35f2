using GapTools.Core.S3Events;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging;

namespace GapTools.Workers;

/// <summary>
/// The first step of every S3-event message: parse the body (direct, SNS-wrapped or EventBridge) and settle what
/// needs no sink. A message part of which cannot be read goes to the dead-letter queue whole (processing the rest
/// and deleting would lose the unreadable part); a message holding only ignored events (test events, removals)
/// is deleted. Anything else is work for the tool.
/// </summary>
public static partial class S3EventTriage
{
    /// <summary>The parsed message, and its disposition when it is settled without the sink (null: process <see cref="S3EventBatch.Created"/>).</summary>
    public static (S3EventBatch Events, MessageDisposition? Settled) Read(SqsMessage message, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(logger);
        var batch = S3EventParser.Parse(message.Body);
        if (!batch.IsFullyUnderstood)
        {
            var reason = string.Join("; ", batch.Rejected.Select(r => r.Reason));
            LogRejected(logger, message.MessageId, reason);
            return (batch, MessageDisposition.DeadLetter($"Malformed S3 event: {reason}"));
        }

        foreach (var ignored in batch.Ignored)
        {
            LogIgnored(logger, message.MessageId, ignored);
        }

        return (batch, batch.Created.Count == 0 ? MessageDisposition.Delete : null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} is not a readable S3 event and goes to the dead-letter queue: {Reason}")]
    private static partial void LogRejected(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId}: ignored {Event}")]
    private static partial void LogIgnored(ILogger logger, string messageId, S3EventIgnored @event);
}

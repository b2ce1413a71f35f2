using GapTools.Core.S3Events;
using GapTools.Core.Sqs;
using Microsoft.Extensions.Logging;

namespace GapTools.Core.Workers;

/// <summary>
/// Turns an SQS message into S3 work: parses the body (direct, SNS-wrapped or EventBridge), dead-letters what it
/// cannot understand, acknowledges messages that hold only ignored events (test events, removals), and hands
/// created objects to the tool's <see cref="IS3ObjectsHandler"/>.
/// </summary>
public sealed partial class S3EventMessageHandler(IS3ObjectsHandler handler, ILogger<S3EventMessageHandler> logger) : ISqsMessageHandler
{
    /// <inheritdoc />
    public Task<MessageDisposition> HandleAsync(SqsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var batch = S3EventParser.Parse(message.Body);
        if (!batch.IsFullyUnderstood)
        {
            // Part of the message is unreadable: processing the rest and deleting would lose the unreadable part,
            // so the whole message goes to the dead-letter queue with the reason.
            var reason = string.Join("; ", batch.Rejected.Select(r => r.Reason));
            LogRejected(logger, message.MessageId, reason);
            return Task.FromResult(MessageDisposition.DeadLetter($"Malformed S3 event: {reason}"));
        }

        foreach (var ignored in batch.Ignored)
        {
            LogIgnored(logger, message.MessageId, ignored);
        }

        return batch.Created.Count == 0
            ? Task.FromResult(MessageDisposition.Delete)
            : handler.HandleAsync(new S3ObjectsWork(batch.Created, message), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} is not a readable S3 event and goes to the dead-letter queue: {Reason}")]
    private static partial void LogRejected(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId}: ignored {Event}")]
    private static partial void LogIgnored(ILogger logger, string messageId, S3EventIgnored @event);
}

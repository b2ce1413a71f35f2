namespace GapTools.Workers.Sqs;

/// <summary>Processes one message. May take long (for example until a micro-batch commits); the consumer keeps the
/// message invisible meanwhile and keeps receiving others up to <see cref="SqsConsumerOptions.MaxInFlight"/>.</summary>
public interface ISqsMessageHandler
{
    /// <summary>
    /// Handles <paramref name="message"/>. <paramref name="cancellationToken"/> is cancelled only when shutdown grace
    /// runs out; the message is then released. An exception releases the message (with backoff), never deletes it.
    /// </summary>
    Task<MessageDisposition> HandleAsync(SqsMessage message, CancellationToken cancellationToken);
}

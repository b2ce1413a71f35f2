namespace GapTools.Workers.Sqs;

/// <summary>What one <see cref="SqsConsumer.RunAsync"/> did.</summary>
/// <param name="Received">Messages received.</param>
/// <param name="Deleted">Messages deleted after their handler succeeded (or after dead-lettering).</param>
/// <param name="Released">Messages made visible again at once (Release disposition or shutdown).</param>
/// <param name="RetriedLater">Messages made visible again after a delay (RetryAfter or handler failure backoff).</param>
/// <param name="DeadLettered">Messages forwarded to the dead-letter queue.</param>
/// <param name="HandlerFailures">Handler calls that threw.</param>
/// <param name="AcknowledgementFailures">Deletes or visibility changes that failed for good (the message will be delivered again).</param>
/// <param name="StopReason">Why the run ended.</param>
public sealed record SqsConsumerSummary(
    long Received,
    long Deleted,
    long Released,
    long RetriedLater,
    long DeadLettered,
    long HandlerFailures,
    long AcknowledgementFailures,
    SqsStopReason StopReason);

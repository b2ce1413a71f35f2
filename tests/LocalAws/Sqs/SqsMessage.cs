namespace GapTools.LocalAws.Sqs;

/// <summary>
/// One stored message. The content is immutable; the delivery state (visibility, receive count, current receive)
/// changes only under the owning <see cref="SqsQueue"/>'s lock.
/// </summary>
internal sealed class SqsMessage
{
    public required string MessageId { get; init; }

    public required string Body { get; init; }

    public required string Md5OfBody { get; init; }

    public required IReadOnlyDictionary<string, SqsMessageAttribute> Attributes { get; init; }

    /// <summary>Message system attributes set by the sender (only <c>AWSTraceHeader</c> exists).</summary>
    public required IReadOnlyDictionary<string, SqsMessageAttribute> SystemAttributes { get; init; }

    public required string SenderId { get; init; }

    public required DateTimeOffset SentAt { get; init; }

    /// <summary>Set on messages a redrive policy moved here.</summary>
    public string? DeadLetterQueueSourceArn { get; init; }

    /// <summary>Until then the message is delayed (never received) or in flight (received).</summary>
    public DateTimeOffset VisibleAt { get; set; }

    public int ReceiveCount { get; set; }

    public DateTimeOffset? FirstReceivedAt { get; set; }

    /// <summary>Identifies the latest receive; older receipt handles no longer match it.</summary>
    public string? ReceiveId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The same message as it arrives in a dead-letter queue: id, body, timestamps and count kept.</summary>
    public SqsMessage MovedFrom(string sourceArn, DateTimeOffset now) => new()
    {
        MessageId = MessageId,
        Body = Body,
        Md5OfBody = Md5OfBody,
        Attributes = Attributes,
        SystemAttributes = SystemAttributes,
        SenderId = SenderId,
        SentAt = SentAt,
        DeadLetterQueueSourceArn = sourceArn,
        VisibleAt = now,
        ReceiveCount = ReceiveCount,
        FirstReceivedAt = FirstReceivedAt,
    };
}

/// <summary>What one receive handed out, captured under the queue lock so rendering never reads live state.</summary>
internal sealed record SqsDelivery(SqsMessage Message, string ReceiptHandle, int ReceiveCount, DateTimeOffset FirstReceivedAt);

namespace GapTools.Workers.Sqs;

/// <summary>A handler's verdict on one message. Use the static members to create one.</summary>
public sealed record MessageDisposition
{
    private MessageDisposition(MessageDispositionKind kind, TimeSpan delay, string? reason)
    {
        Kind = kind;
        Delay = delay;
        Reason = reason;
    }

    /// <summary>Processed: delete the message (batched with other deletes).</summary>
    public static MessageDisposition Delete { get; } = new(MessageDispositionKind.Delete, TimeSpan.Zero, null);

    /// <summary>Not processed: make it visible again at once.</summary>
    public static MessageDisposition Release { get; } = new(MessageDispositionKind.Release, TimeSpan.Zero, null);

    /// <summary>What to do.</summary>
    public MessageDispositionKind Kind { get; }

    /// <summary>For <see cref="MessageDispositionKind.RetryAfter"/>: how long it stays invisible.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Why (no secrets): for <see cref="MessageDispositionKind.DeadLetter"/> sent as a message attribute, otherwise for logs.</summary>
    public string? Reason { get; }

    /// <summary>Not processed: visible again after <paramref name="delay"/> (SQS caps visibility at 12 hours).</summary>
    public static MessageDisposition RetryAfter(TimeSpan delay, string? reason = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new(MessageDispositionKind.RetryAfter, delay, reason);
    }

    /// <summary>Not processed: visible again at once, with the reason for logs.</summary>
    public static MessageDisposition ReleaseBecause(string reason) => new(MessageDispositionKind.Release, TimeSpan.Zero, reason);

    /// <summary>Cannot be processed: forward to the dead-letter queue with <paramref name="reason"/>, then delete.</summary>
    public static MessageDisposition DeadLetter(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(MessageDispositionKind.DeadLetter, TimeSpan.Zero, reason);
    }
}

namespace GapTools.S3ToRedshift.Acknowledgement;

/// <summary>What to do with a message once all its objects are settled.</summary>
public enum MessageVerdictKind
{
    /// <summary>Every object is loaded (now or before), discarded or ignored: delete.</summary>
    Delete,

    /// <summary>Something failed transiently or the worker is stopping: visible again at once.</summary>
    Release,

    /// <summary>A load failed permanently: visible again after a delay; the queue's maxReceiveCount sends it to the DLQ.</summary>
    RetryAfter,

    /// <summary>It cannot ever be processed (unmatched by policy, unroutable, unreadable): dead-letter it now.</summary>
    DeadLetter,
}

/// <summary>The verdict on one message and why.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Delay">For <see cref="MessageVerdictKind.RetryAfter"/>.</param>
/// <param name="Reason">Why, for logs and the dead-letter attribute (no secrets).</param>
public sealed record MessageVerdict(MessageVerdictKind Kind, TimeSpan Delay = default, string? Reason = null);

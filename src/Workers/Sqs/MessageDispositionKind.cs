namespace GapTools.Workers.Sqs;

/// <summary>What the consumer does with a handled message.</summary>
public enum MessageDispositionKind
{
    /// <summary>Processed: delete it.</summary>
    Delete,

    /// <summary>Not processed: make it visible again at once (visibility 0).</summary>
    Release,

    /// <summary>Not processed: make it visible again after a delay.</summary>
    RetryAfter,

    /// <summary>Cannot ever be processed: move it to the dead-letter queue.</summary>
    DeadLetter,
}

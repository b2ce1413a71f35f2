using System.ComponentModel.DataAnnotations;
using GapTools.Core.Resilience;
using GapTools.Core.Validation;
using Microsoft.Extensions.Options;

namespace GapTools.Workers.Sqs;

/// <summary>How <see cref="SqsConsumer"/> polls, keeps messages invisible and stops. Defaults: <see cref="SqsConsumerDefaults"/>.</summary>
// Properties are settable (not init) so the compile-time configuration binder can fill them.
public sealed record SqsConsumerOptions : IValidatableObject
{
    /// <summary>Long-poll wait per receive, 0–20 s. Defaults to 20 s.</summary>
    [TimeSpanRange("00:00:00", "00:00:20")]
    public TimeSpan WaitTime { get; set; } = SqsConsumerDefaults.WaitTime;

    /// <summary>Messages asked for per receive, 1–10. Defaults to 10.</summary>
    [Range(1, 10)]
    public int MaxMessagesPerReceive { get; set; } = SqsConsumerDefaults.MaxMessagesPerReceive;

    /// <summary>Visibility timeout requested on receive and renewed by the heartbeat, 1 s–12 h. Defaults to 60 s.</summary>
    [TimeSpanRange("00:00:01", "12:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = SqsConsumerDefaults.VisibilityTimeout;

    /// <summary>How often in-flight messages get their visibility renewed; at most half the visibility timeout.
    /// Defaults to (null) a third of <see cref="VisibilityTimeout"/>.</summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>Messages received but not yet deleted or released, 1–100000. Receiving pauses at this limit.
    /// A handler that waits for other messages (a batcher) needs its batch size below this. Defaults to 10.</summary>
    [Range(1, 100_000)]
    public int MaxInFlight { get; set; } = SqsConsumerDefaults.MaxInFlight;

    /// <summary>Parallel long polls, 1–64 and at most <see cref="MaxInFlight"/>; each asks for its share of
    /// <see cref="MaxInFlight"/> (up to <see cref="MaxMessagesPerReceive"/>). Defaults to 1.</summary>
    [Range(1, 64)]
    public int ReceiveConcurrency { get; set; } = SqsConsumerDefaults.ReceiveConcurrency;

    /// <summary>Run until stopped, or until the queue is drained. Defaults to <see cref="SqsConsumerMode.Continuous"/>.</summary>
    [EnumDataType(typeof(SqsConsumerMode))]
    public SqsConsumerMode Mode { get; set; } = SqsConsumerMode.Continuous;

    /// <summary>Stop receiving after this long and finish in-flight work. Defaults to null (no limit).</summary>
    public TimeSpan? MaxExecutionTime { get; set; }

    /// <summary>How long in-flight handlers may finish after stop is requested before they are cancelled and their
    /// messages released, 0–10 min. Must fit inside the host's shutdown timeout. Defaults to 10 s.</summary>
    [TimeSpanRange("00:00:00", "00:10:00")]
    public TimeSpan ShutdownGrace { get; set; } = SqsConsumerDefaults.ShutdownGrace;

    /// <summary>Visibility after a handler failure on first receive, doubling per receive; 0 releases at once. Defaults to 2 s.</summary>
    [TimeSpanRange("00:00:00", "12:00:00")]
    public TimeSpan FailureBackoffBase { get; set; } = SqsConsumerDefaults.FailureBackoffBase;

    /// <summary>Longest visibility after a handler failure. Defaults to 5 min.</summary>
    [TimeSpanRange("00:00:00", "12:00:00")]
    public TimeSpan FailureBackoffMax { get; set; } = SqsConsumerDefaults.FailureBackoffMax;

    /// <summary>Retry for delete, change-visibility and dead-letter send calls (failed batch entries included).
    /// Defaults to <see cref="RetryDefaults"/>.</summary>
    [ValidateObjectMembers]
    public RetryOptions DeleteRetry { get; set; } = SqsConsumerDefaults.DeleteRetry;

    /// <summary>Retry for transient receive errors; when exhausted the consumer fails. Defaults to 10 retries.</summary>
    [ValidateObjectMembers]
    public RetryOptions ReceiveRetry { get; set; } = SqsConsumerDefaults.ReceiveRetry;

    /// <summary>Messages one poller asks for: its fair share of <see cref="MaxInFlight"/>, so parallel pollers all get slots.</summary>
    internal int MessagesPerPoll => Math.Clamp(MaxInFlight / ReceiveConcurrency, 1, MaxMessagesPerReceive);

    /// <summary>The heartbeat interval in effect.</summary>
    internal TimeSpan EffectiveHeartbeatInterval => HeartbeatInterval ?? VisibilityTimeout / 3;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EffectiveHeartbeatInterval < TimeSpan.FromSeconds(1) || EffectiveHeartbeatInterval > VisibilityTimeout / 2)
        {
            yield return new ValidationResult(
                $"{nameof(HeartbeatInterval)} ({EffectiveHeartbeatInterval}) must be at least 1 s and at most half of {nameof(VisibilityTimeout)} ({VisibilityTimeout}).",
                [nameof(HeartbeatInterval)]);
        }

        if (ReceiveConcurrency > MaxInFlight)
        {
            yield return new ValidationResult(
                $"{nameof(ReceiveConcurrency)} ({ReceiveConcurrency}) must not exceed {nameof(MaxInFlight)} ({MaxInFlight}).", [nameof(ReceiveConcurrency)]);
        }

        if (MaxExecutionTime is { } max && max <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{nameof(MaxExecutionTime)} must be positive when set.", [nameof(MaxExecutionTime)]);
        }

        if (FailureBackoffMax < FailureBackoffBase)
        {
            yield return new ValidationResult(
                $"{nameof(FailureBackoffMax)} must not be shorter than {nameof(FailureBackoffBase)}.", [nameof(FailureBackoffMax)]);
        }
    }
}

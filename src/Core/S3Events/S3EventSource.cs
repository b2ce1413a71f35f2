namespace GapTools.Core.S3Events;

/// <summary>How an S3 event reached the queue.</summary>
public enum S3EventSource
{
    /// <summary>An S3 event notification sent straight to SQS (or through SNS with raw message delivery).</summary>
    S3Notification,

    /// <summary>Wrapped in an SNS notification envelope; the inner message is an S3 notification or an EventBridge event.</summary>
    Sns,

    /// <summary>An EventBridge "Object Created" event delivered to SQS by a rule target.</summary>
    EventBridge,

    /// <summary>Not an event: an object listed by a backfill of existing objects.</summary>
    Backfill,
}

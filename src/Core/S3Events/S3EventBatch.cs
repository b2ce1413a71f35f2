namespace GapTools.Core.S3Events;

/// <summary>Everything one SQS message body held: objects to load, events recognised but skipped, and rejections.</summary>
/// <param name="Created">Objects created, in message order.</param>
/// <param name="Ignored">Events that are recognised and deliberately not loaded.</param>
/// <param name="Rejected">Parts of the message that could not be understood.</param>
public sealed record S3EventBatch(
    IReadOnlyList<S3ObjectCreated> Created,
    IReadOnlyList<S3EventIgnored> Ignored,
    IReadOnlyList<S3EventRejection> Rejected)
{
    /// <summary>True when nothing was rejected.</summary>
    public bool IsFullyUnderstood => Rejected.Count == 0;
}

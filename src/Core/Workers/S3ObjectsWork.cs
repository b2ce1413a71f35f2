using GapTools.Core.S3Events;
using GapTools.Core.Sqs;

namespace GapTools.Core.Workers;

/// <summary>Objects to process, and the SQS message that named them (null for event files and backfills).</summary>
/// <param name="Objects">Created objects, in event order.</param>
/// <param name="Message">The message, when the work came from SQS.</param>
public sealed record S3ObjectsWork(IReadOnlyList<S3ObjectCreated> Objects, SqsMessage? Message)
{
    /// <summary>How many times SQS has delivered the message (1 for work that did not come from SQS).</summary>
    public int ReceiveCount => Message?.ApproximateReceiveCount ?? 1;

    /// <summary>A short label for logs: the message id, or where the work came from.</summary>
    public string Origin => Message?.MessageId ?? (Objects.Count > 0 ? Objects[0].Source.ToString() : "empty");
}

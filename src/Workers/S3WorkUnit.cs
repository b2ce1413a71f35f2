using GapTools.Core.S3Events;
using GapTools.Workers.Sqs;

namespace GapTools.Workers;

/// <summary>
/// The objects one acknowledgeable piece of work names: one SQS message, one event-file entry or one backfill page
/// (or, later, one Lambda record).
/// </summary>
/// <param name="Objects">Created objects, in event order.</param>
/// <param name="Origin">A short label for logs: the message id, or where the work came from.</param>
/// <param name="ReceiveCount">How many times SQS has delivered the message (1 for work that did not come from SQS).</param>
public sealed record S3WorkUnit(IReadOnlyList<S3ObjectCreated> Objects, string Origin, int ReceiveCount = 1)
{
    /// <summary>The unit of an SQS message.</summary>
    public static S3WorkUnit FromMessage(IReadOnlyList<S3ObjectCreated> objects, SqsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new S3WorkUnit(objects, message.MessageId, message.ApproximateReceiveCount) { FromQueue = true };
    }

    /// <summary>True when the work came from SQS (it waits for its batch to fill; a replay flushes at once).</summary>
    public bool FromQueue { get; init; }
}

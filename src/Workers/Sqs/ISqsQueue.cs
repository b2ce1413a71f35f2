using System.Diagnostics.CodeAnalysis;

namespace GapTools.Workers.Sqs;

/// <summary>One SQS queue, named with the SQS API's verbs. <see cref="SqsQueue"/> is the adapter over the AWS SDK.</summary>
[SuppressMessage("Naming", "CA1711", Justification = "Queue is the AWS noun (an SQS queue), not a collection type.")]
public interface ISqsQueue
{
    /// <summary>The queue URL.</summary>
    string QueueUrl { get; }

    /// <summary>ReceiveMessage with long polling; requests <c>ApproximateReceiveCount</c>, <c>SentTimestamp</c> and all message attributes.</summary>
    Task<IReadOnlyList<SqsMessage>> ReceiveAsync(int maxMessages, TimeSpan waitTime, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <summary>DeleteMessageBatch; returns the entries that failed.</summary>
    Task<IReadOnlyList<SqsBatchFailure>> DeleteBatchAsync(IReadOnlyList<SqsMessage> messages, CancellationToken cancellationToken);

    /// <summary>ChangeMessageVisibilityBatch (0 releases the messages at once); returns the entries that failed.</summary>
    Task<IReadOnlyList<SqsBatchFailure>> ChangeVisibilityBatchAsync(IReadOnlyList<SqsMessage> messages, TimeSpan visibility, CancellationToken cancellationToken);

    /// <summary>SendMessage with string message attributes.</summary>
    Task SendAsync(string body, IReadOnlyDictionary<string, string>? attributes, CancellationToken cancellationToken);
}

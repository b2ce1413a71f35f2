namespace GapTools.Workers.Sqs;

/// <summary>A received SQS message.</summary>
/// <param name="MessageId">SQS message id.</param>
/// <param name="ReceiptHandle">Handle of this receive; needed to delete or change visibility.</param>
/// <param name="Body">Message body.</param>
/// <param name="ApproximateReceiveCount">How many times SQS has delivered it (1 on first delivery); use it for poison handling.</param>
/// <param name="SentTimestamp">When it was sent, if SQS reported it.</param>
/// <param name="Attributes">Message attributes (string and number values as text, binary values base64).</param>
public sealed record SqsMessage(
    string MessageId,
    string ReceiptHandle,
    string Body,
    int ApproximateReceiveCount,
    DateTimeOffset? SentTimestamp,
    IReadOnlyDictionary<string, string> Attributes);

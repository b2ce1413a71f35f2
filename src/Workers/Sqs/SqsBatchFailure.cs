namespace GapTools.Workers.Sqs;

/// <summary>One entry of a batch call that SQS did not apply.</summary>
/// <param name="Entry">The message the entry was for.</param>
/// <param name="Code">SQS error code, for example <c>ReceiptHandleIsInvalid</c> or <c>InternalError</c>.</param>
/// <param name="SenderFault">True when the request was wrong (retrying the entry cannot help).</param>
/// <param name="Detail">SQS's description, if any.</param>
public sealed record SqsBatchFailure(SqsMessage Entry, string Code, bool SenderFault, string? Detail);

using System.Net;

namespace GapTools.LocalAws.Sqs;

/// <summary>
/// The SQS errors LocalAws raises. Query codes come from the query-era model (botocore's sqs 2012-11-05
/// <c>error.code</c>); the JSON model keeps them only as <c>x-amzn-query-error</c>, which the SDKs map back.
/// </summary>
internal static class SqsErrors
{
    public static SqsException QueueDoesNotExist() =>
        new("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.");

    public static SqsException QueueNameExists(string name) =>
        new("QueueNameExists", "QueueAlreadyExists", $"A queue already exists with the same name and a different value for attribute(s) of queue '{name}'.");

    public static SqsException InvalidParameterValue(string message) =>
        new("InvalidParameterValue", "InvalidParameterValue", message);

    public static SqsException InvalidParameterValue(string parameter, string value, string reason) =>
        InvalidParameterValue($"Value {value} for parameter {parameter} is invalid. Reason: {reason}");

    public static SqsException MissingParameter(string parameter) =>
        new("MissingParameter", "MissingParameter", $"The request must contain the parameter {parameter}.");

    public static SqsException InvalidAttributeName(string name) =>
        new("InvalidAttributeName", "InvalidAttributeName", $"Unknown Attribute {name}.");

    public static SqsException InvalidAttributeValue(string name, string reason) =>
        new("InvalidAttributeValue", "InvalidAttributeValue", $"Invalid value for the parameter {name}. Reason: {reason}");

    public static SqsException InvalidAddress(string address) =>
        new("InvalidAddress", "InvalidAddress", $"The address {address} is not valid for this endpoint.", HttpStatusCode.NotFound);

    public static SqsException InvalidMessageContents() =>
        new("InvalidMessageContents", "InvalidMessageContents",
            "Invalid binary character was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");

    public static SqsException ReceiptHandleIsInvalid(string handle) =>
        new("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle.");

    /// <summary>A well-formed handle whose message is gone or was received again since (AWS's wording).</summary>
    public static SqsException ReceiptHandleNotAvailable(string handle) =>
        new("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid",
            $"Value {handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.");

    public static SqsException MessageNotInflight() =>
        new("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", "The message referred to isn't in flight.");

    public static SqsException EmptyBatchRequest() =>
        new("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", "There should be at least one entry in the request.");

    public static SqsException TooManyEntriesInBatchRequest(int count) =>
        new("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
            $"Maximum number of entries per request are 10. You have sent {count}.");

    public static SqsException BatchEntryIdsNotDistinct(string id) =>
        new("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", $"Id {id} repeated.");

    public static SqsException InvalidBatchEntryId(string id) =>
        new("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId",
            $"A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long. Invalid id: '{id}'.");

    public static SqsException BatchRequestTooLong(int bytes, int limit) =>
        new("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong",
            $"Batch requests cannot be longer than {limit} bytes. You have sent {bytes} bytes.");

    public static SqsException UnsupportedOperation(string message) =>
        new("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", message);

    public static SqsException FifoNotEmulated() =>
        InvalidParameterValue("LocalAws does not emulate SQS FIFO queues (.fifo names, FifoQueue=true); use a standard queue.");
}

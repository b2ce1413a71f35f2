using System.Net;

namespace GapTools.LocalAws.Sqs;

/// <summary>
/// An SQS error, independent of the wire protocol. SQS speaks JSON and query; each names errors differently
/// (<c>QueueDoesNotExist</c> versus <c>AWS.SimpleQueueService.NonExistentQueue</c>), so both names travel together.
/// </summary>
public sealed class SqsException : Exception
{
    public SqsException(string shape, string queryCode, string message, HttpStatusCode status = HttpStatusCode.BadRequest, bool senderFault = true)
        : base(message)
    {
        Shape = shape;
        QueryCode = queryCode;
        Status = status;
        SenderFault = senderFault;
    }

    /// <summary>The JSON protocol's error shape, e.g. <c>QueueDoesNotExist</c>.</summary>
    public string Shape { get; }

    /// <summary>The query protocol's (legacy) code, e.g. <c>AWS.SimpleQueueService.NonExistentQueue</c>.</summary>
    public string QueryCode { get; }

    public HttpStatusCode Status { get; }

    public bool SenderFault { get; }
}

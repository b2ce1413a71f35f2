using System.Net;

namespace GapTools.LocalAws.Protocols;

/// <summary>
/// Thrown by a service handler to answer with an AWS error. The middleware writes it in the request's protocol.
/// </summary>
public sealed class AwsErrorException : Exception
{
    public AwsErrorException(string code, string message, HttpStatusCode status = HttpStatusCode.BadRequest, bool senderFault = true)
        : base(message)
    {
        Code = code;
        Status = status;
        SenderFault = senderFault;
    }

    /// <summary>The AWS error code, e.g. <c>ParameterNotFound</c>.</summary>
    public string Code { get; }

    public HttpStatusCode Status { get; }

    /// <summary>Sender (client) fault versus Receiver (server) fault, as the query protocol reports it.</summary>
    public bool SenderFault { get; }

    /// <summary>Extra response headers, e.g. SQS's <c>x-amzn-query-error</c>.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Extra members of the error shape: child elements in REST-XML (S3 adds Key, BucketName, …), members in JSON.</summary>
    public IDictionary<string, string> Details { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public static AwsErrorException Validation(string message) => new("ValidationException", message);
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using Amazon.Runtime;

namespace GapTools.Core.Signing;

/// <summary>
/// Maps AWS error responses to <see cref="AmazonServiceException"/> with ErrorCode, StatusCode, RequestId and
/// ErrorType set, so thin-client errors and SDK errors are classified the same way.
/// </summary>
internal static class AwsErrorResponses
{
    private const int MaxMessageLength = 1024;

    /// <summary>AWS JSON protocol: <c>x-amzn-ErrorType</c> header first, then <c>__type</c> or <c>code</c> in the body.</summary>
    public static AmazonServiceException FromJson(string operation, HttpStatusCode status, HttpResponseHeaders headers, byte[] body)
    {
        string? code = null;
        string? message = null;
        if (Header(headers, "x-amzn-ErrorType") is { } headerCode)
        {
            // "ValidationException:http://internal.amazon.com/coral/..." -> "ValidationException"
            code = headerCode.Split(':')[0];
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                code ??= String(document.RootElement, "__type") ?? String(document.RootElement, "code") ?? String(document.RootElement, "Code");
                message = String(document.RootElement, "message") ?? String(document.RootElement, "Message");
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, an empty body): status and headers still classify it.
        }

        return Create(operation, status, NormalizeCode(code), message, RequestId(headers), errorType: null);
    }

    /// <summary>AWS query protocol: <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;</c>.</summary>
    public static AmazonServiceException FromXml(string operation, HttpStatusCode status, HttpResponseHeaders headers, XElement? root)
    {
        var error = root?.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == "Error");
        var code = Child(error, "Code");
        var message = Child(error, "Message");
        var type = Child(error, "Type") switch
        {
            "Sender" => ErrorType.Sender,
            "Receiver" => ErrorType.Receiver,
            _ => (ErrorType?)null,
        };
        var requestId = root?.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName is "RequestId" or "RequestID")?.Value;
        return Create(operation, status, NormalizeCode(code), message, requestId ?? RequestId(headers), type);
    }

    private static AmazonServiceException Create(
        string operation, HttpStatusCode status, string? code, string? message, string? requestId, ErrorType? errorType)
    {
        var type = errorType ?? (int)status switch
        {
            >= 400 and < 500 => ErrorType.Sender,
            >= 500 => ErrorType.Receiver,
            _ => ErrorType.Unknown,
        };
        var text = string.IsNullOrWhiteSpace(message) ? $"HTTP {(int)status}" : Truncate(message);
        return new AmazonServiceException($"{operation} failed: {code ?? "error"}: {text}", type, code, requestId, status);
    }

    // "com.amazonaws.redshiftdata#ValidationException" -> "ValidationException"
    private static string? NormalizeCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var hash = code.LastIndexOf('#');
        return (hash >= 0 ? code[(hash + 1)..] : code).Trim();
    }

    private static string? RequestId(HttpResponseHeaders headers) =>
        Header(headers, "x-amzn-RequestId") ?? Header(headers, "x-amz-request-id");

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Child(XElement? element, string name) =>
        element?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static string Truncate(string message) =>
        message.Length <= MaxMessageLength ? message : message[..MaxMessageLength] + "...";
}

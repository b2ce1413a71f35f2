using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;

namespace GapTools.Core.Resilience;

/// <summary>
/// A one-line description of an error by type and code only. Never includes exception messages, which can echo
/// request content (parameter values, SQL, document bodies).
/// </summary>
public static class ErrorSummary
{
    /// <summary>For example <c>AmazonSQSException ThrottlingException (HTTP 400, request 1f2e...)</c>.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = new StringBuilder();
        var current = exception;
        for (var depth = 0; current is not null && depth < 4; depth++, current = current.InnerException)
        {
            if (depth > 0)
            {
                text.Append(" <- ");
            }

            Append(text, current);
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, Exception exception)
    {
        text.Append(exception.GetType().Name);
        switch (exception)
        {
            case AmazonServiceException service:
                if (service.ErrorCode is { Length: > 0 } code)
                {
                    text.Append(' ').Append(code);
                }

                text.Append(CultureInfo.InvariantCulture, $" (HTTP {(int)service.StatusCode}");
                if (service.RequestId is { Length: > 0 } requestId)
                {
                    text.Append(", request ").Append(requestId);
                }

                text.Append(')');
                break;
            case HttpRequestException http:
                text.Append(' ').Append(http.HttpRequestError);
                if (http.StatusCode is { } status)
                {
                    text.Append(CultureInfo.InvariantCulture, $" (HTTP {(int)status})");
                }

                break;
            case SocketException socket:
                text.Append(' ').Append(socket.SocketErrorCode);
                break;
        }
    }
}

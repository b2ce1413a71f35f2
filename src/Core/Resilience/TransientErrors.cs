using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Amazon.Runtime;

namespace GapTools.Core.Resilience;

/// <summary>
/// The one place that decides whether an error is worth retrying. Transient: throttling, HTTP 429/5xx, timeouts,
/// refused/reset connections. Permanent: validation, authentication/authorisation, not found, anything unknown.
/// </summary>
public static class TransientErrors
{
    private const int MaxDepth = 8;

    /// <summary>Classifies <paramref name="exception"/> with the built-in rules.</summary>
    public static bool IsTransient(Exception exception) => IsTransient(exception, null);

    /// <summary>
    /// Classifies <paramref name="exception"/>; <paramref name="extraClassifier"/> is consulted first (null defers).
    /// An <see cref="OperationCanceledException"/> is transient (a timeout) unless <paramref name="callerToken"/>
    /// has been cancelled.
    /// </summary>
    public static bool IsTransient(
        Exception exception,
        Func<Exception, bool?>? extraClassifier,
        CancellationToken callerToken = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Classify(exception, extraClassifier, depth: 0, callerToken);
    }

    private static bool Classify(Exception exception, Func<Exception, bool?>? extra, int depth, CancellationToken callerToken)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        if (extra?.Invoke(exception) is { } verdict)
        {
            return verdict;
        }

        return exception switch
        {
            // Cancelled by someone other than the caller: HttpClient.Timeout or an SDK timeout.
            OperationCanceledException => !callerToken.IsCancellationRequested,
            AmazonServiceException service => IsTransient(service, extra, depth, callerToken),
            AmazonClientException { InnerException: { } inner } => Classify(inner, extra, depth + 1, callerToken),
            HttpRequestException http => IsTransient(http),
            SocketException socket => IsTransient(socket.SocketErrorCode),
            FileNotFoundException or DirectoryNotFoundException or PathTooLongException => false,
            IOException => true,
            TimeoutException => true,
            AggregateException aggregate => aggregate.InnerExceptions.Count > 0
                && aggregate.InnerExceptions.All(e => Classify(e, extra, depth + 1, callerToken)),
            _ => false,
        };
    }

    private static bool IsTransient(AmazonServiceException exception, Func<Exception, bool?>? extra, int depth, CancellationToken callerToken)
    {
        if (exception.ErrorCode is { } code)
        {
            if (AwsErrorCodes.Permanent.Contains(code))
            {
                return false;
            }

            if (AwsErrorCodes.Transient.Contains(code))
            {
                return true;
            }
        }

        if (exception.StatusCode != 0)
        {
            return IsTransient(exception.StatusCode) || exception.Retryable is not null;
        }

        // No HTTP status: the SDK wrapped a transport failure.
        return exception.InnerException is { } inner
            ? Classify(inner, extra, depth + 1, callerToken)
            : exception.Retryable is not null;
    }

    private static bool IsTransient(HttpRequestException exception)
    {
        if (exception.StatusCode is { } status)
        {
            return IsTransient(status);
        }

        return exception.HttpRequestError switch
        {
            // Misconfiguration (TLS trust, proxy credentials, protocol version, limits): retrying repeats it.
            HttpRequestError.SecureConnectionError
                or HttpRequestError.UserAuthenticationError
                or HttpRequestError.VersionNegotiationError
                or HttpRequestError.ConfigurationLimitExceeded => false,
            _ => true,
        };
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
        || ((int)status >= 500 && status != HttpStatusCode.NotImplemented && status != HttpStatusCode.HttpVersionNotSupported);

    private static bool IsTransient(SocketError error) => error is
        SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.ConnectionAborted
        or SocketError.TimedOut or SocketError.HostUnreachable or SocketError.HostDown
        or SocketError.NetworkUnreachable or SocketError.NetworkDown or SocketError.NetworkReset
        or SocketError.HostNotFound or SocketError.TryAgain or SocketError.Shutdown or SocketError.NotConnected
        or SocketError.Interrupted or SocketError.OperationAborted or SocketError.NoBufferSpaceAvailable;
}

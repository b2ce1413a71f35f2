using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace GapTools.SsmWrap.Fetching;

/// <summary>Which failures are worth another attempt: throttling, 5xx and the network. Auth and not-found are not.</summary>
internal static class TransientErrors
{
    // Error codes the AWS SDKs treat as throttling (the SSM default quota is 40 TPS per account and region).
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "RequestLimitExceeded", "RequestThrottled", "ProvisionedThroughputExceededException", "SlowDown", "PriorRequestNotComplete",
    };

    public static bool IsTransient(Exception exception) => exception switch
    {
        AmazonServiceException service when service.StatusCode >= HttpStatusCode.InternalServerError
            || service.StatusCode == HttpStatusCode.TooManyRequests
            || (service.ErrorCode is { } code && ThrottlingCodes.Contains(code)) => true,
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        // The SDK wraps network failures (status 0) in its own exception types.
        AmazonClientException { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };
}

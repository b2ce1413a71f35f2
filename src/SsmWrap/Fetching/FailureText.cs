using Amazon.Runtime;
using GapTools.Core.Resilience;

namespace GapTools.SsmWrap.Fetching;

/// <summary>
/// How a failed SSM call reads in an error: the error by type and code (<see cref="ErrorSummary"/>; never the AWS
/// message, which can echo request content) and, for errors a person has to fix, what to check.
/// </summary>
internal static class FailureText
{
    /// <summary>The one line for a client that found no region in the environment or profile.</summary>
    public const string NoRegion =
        "no AWS region configured: set AWS_REGION or AWS_DEFAULT_REGION, or a region in the AWS profile (region= in ~/.aws/config for AWS_PROFILE or the default profile)";

    /// <summary>True for the SDK's "no RegionEndpoint or ServiceURL configured" (and similar) client errors.</summary>
    public static bool IsMissingRegion(Exception exception) =>
        exception is AmazonClientException && exception.Message.Contains("region", StringComparison.OrdinalIgnoreCase);

    public static string Describe(Exception exception) =>
        IsMissingRegion(exception) ? NoRegion
        : Hint(exception) is { } hint ? $"{ErrorSummary.Describe(exception)}: {hint}" : ErrorSummary.Describe(exception);

    private static string? Hint(Exception exception) => (exception as AmazonServiceException)?.ErrorCode switch
    {
        "UnrecognizedClientException" or "InvalidClientTokenId" => "AWS does not know this access key; check the credentials",
        "InvalidSignatureException" or "SignatureDoesNotMatch" => "the request signature does not match; check the secret access key",
        "ExpiredTokenException" or "ExpiredToken" => "the session token has expired",
        "AccessDeniedException" => "these credentials may not make this call; check the IAM policy (ssm:GetParameter*, kms:Decrypt)",
        "ThrottlingException" => "still throttled after every retry allowed (-retry-budget time, -retries attempts); raise -retry-budget",
        _ => null,
    };
}

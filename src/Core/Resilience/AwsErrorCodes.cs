using System.Collections.Frozen;

namespace GapTools.Core.Resilience;

/// <summary>AWS error codes whose meaning does not depend on the HTTP status that carried them.</summary>
internal static class AwsErrorCodes
{
    /// <summary>Throttling and transient service faults (the botocore "standard" retry lists, plus a few service-specific ones).</summary>
    public static readonly FrozenSet<string> Transient = FrozenSet.Create(
        StringComparer.Ordinal,
        // Throttling
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "RequestThrottled",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "SlowDown",
        "EC2ThrottledException",
        "KMS.ThrottlingException",
        // SQS: too many in-flight messages; clears as messages are deleted.
        "OverLimit",
        // Redshift Data API: too many concurrent statements/sessions for now.
        "ActiveStatementsExceededException",
        "ActiveSessionsExceededException",
        // Transient faults
        "RequestTimeout",
        "RequestTimeoutException",
        "PriorRequestNotComplete",
        "InternalError",
        "InternalFailure",
        "InternalServerError",
        "InternalServiceError",
        "InternalServerException",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "Unavailable",
        "IDPCommunicationError");

    /// <summary>Authentication, authorisation, validation and not-found errors: retrying cannot help.</summary>
    public static readonly FrozenSet<string> Permanent = FrozenSet.Create(
        StringComparer.Ordinal,
        "AccessDenied",
        "AccessDeniedException",
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "InvalidSignatureException",
        "IncompleteSignature",
        "MissingAuthenticationToken",
        "MissingAuthenticationTokenException",
        "ExpiredToken",
        "ExpiredTokenException",
        "AuthFailure",
        "AuthorizationError",
        "NotAuthorized",
        "OptInRequired",
        "ValidationException",
        "ValidationError",
        "InvalidParameterValue",
        "InvalidParameterCombination",
        "MissingParameter",
        "MalformedQueryString",
        "QueueDoesNotExist",
        "AWS.SimpleQueueService.NonExistentQueue",
        "NoSuchBucket",
        "NoSuchKey",
        "ResourceNotFoundException");
}

namespace GapTools.LocalAws.Signing;

/// <summary>Why a request was refused; the router maps each to AWS's error code for the service.</summary>
internal enum SigV4Failure
{
    None = 0,

    /// <summary>No Authorization header and no presigned query (AWS: MissingAuthenticationToken / AccessDenied).</summary>
    Missing,

    /// <summary>Unparseable or inconsistent signature fields (AWS: IncompleteSignature / AuthorizationHeaderMalformed).</summary>
    Malformed,

    /// <summary>Access key not known (AWS: UnrecognizedClientException / InvalidClientTokenId / InvalidAccessKeyId).</summary>
    UnknownAccessKey,

    /// <summary>Signature differs (AWS: SignatureDoesNotMatch / InvalidSignatureException).</summary>
    SignatureMismatch,

    /// <summary>Clock skew beyond the limit or presigned URL expired (AWS: RequestExpired / RequestTimeTooSkewed / AccessDenied).</summary>
    Expired,

    /// <summary>x-amz-content-sha256 is not a valid value or not the body's hash (S3: InvalidArgument / XAmzContentSHA256Mismatch).</summary>
    PayloadHashMismatch,
}

/// <summary>
/// Outcome of <see cref="SigV4Verifier.Verify"/>. On a signature mismatch <see cref="CanonicalRequest"/> and
/// <see cref="StringToSign"/> hold what the server computed (S3 echoes them in SignatureDoesNotMatch; they hold no secret).
/// </summary>
internal sealed record SigV4Result(SigV4Failure Failure, string Message)
{
    public bool IsValid => Failure == SigV4Failure.None;

    /// <summary>The claimed scope, when the signature fields could be read (also on most failures).</summary>
    public CredentialScope? Scope { get; init; }

    public bool IsPresigned { get; init; }

    public string? CanonicalRequest { get; init; }

    public string? StringToSign { get; init; }

    public string? SignatureProvided { get; init; }

    public static SigV4Result For(SigV4Failure failure, string message, SigV4Authorization? authorization = null) =>
        new(failure, message)
        {
            Scope = authorization?.Scope,
            IsPresigned = authorization?.IsPresigned ?? false,
            SignatureProvided = authorization?.Signature,
        };
}

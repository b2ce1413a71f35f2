using System.Net;
using GapTools.LocalAws.Protocols;
using GapTools.LocalAws.Signing;

namespace GapTools.LocalAws.Hosting;

/// <summary>Maps a SigV4 failure to the error code and status each AWS protocol family really returns.</summary>
internal static class AuthErrors
{
    public static AwsErrorException For(SigV4Failure failure, string? detail, AwsProtocol protocol, string? service)
    {
        var (code, status, message) = (failure, protocol, service) switch
        {
            (SigV4Failure.Missing or SigV4Failure.Malformed, AwsProtocol.RestXml, _) =>
                ("AccessDenied", HttpStatusCode.Forbidden, "Access Denied"),
            (SigV4Failure.Missing, _, _) =>
                ("MissingAuthenticationTokenException", HttpStatusCode.Forbidden, "Missing Authentication Token"),
            (SigV4Failure.Malformed, _, _) =>
                ("IncompleteSignatureException", HttpStatusCode.BadRequest, detail ?? "Authorization header is malformed."),
            (SigV4Failure.UnknownAccessKey, AwsProtocol.RestXml, _) =>
                ("InvalidAccessKeyId", HttpStatusCode.Forbidden, "The AWS Access Key Id you provided does not exist in our records."),
            (SigV4Failure.UnknownAccessKey, AwsProtocol.Query, _) =>
                ("InvalidClientTokenId", HttpStatusCode.Forbidden, "The security token included in the request is invalid."),
            (SigV4Failure.UnknownAccessKey, _, _) =>
                ("UnrecognizedClientException", HttpStatusCode.BadRequest, "The security token included in the request is invalid."),
            (SigV4Failure.SignatureMismatch, AwsProtocol.RestXml or AwsProtocol.Query, _) =>
                ("SignatureDoesNotMatch", HttpStatusCode.Forbidden,
                 "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method."),
            (SigV4Failure.SignatureMismatch, _, _) =>
                ("InvalidSignatureException", HttpStatusCode.BadRequest,
                 "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method."),
            (SigV4Failure.Expired, AwsProtocol.RestXml, _) =>
                ("RequestTimeTooSkewed", HttpStatusCode.Forbidden, "The difference between the request time and the current time is too large."),
            (SigV4Failure.PayloadHashMismatch, AwsProtocol.RestXml, _) =>
                ("XAmzContentSHA256Mismatch", HttpStatusCode.BadRequest, "The provided 'x-amz-content-sha256' header does not match what was computed."),
            (SigV4Failure.PayloadHashMismatch, _, _) =>
                ("InvalidSignatureException", HttpStatusCode.BadRequest, detail ?? "The payload hash does not match the body."),
            _ => ("InvalidSignatureException", HttpStatusCode.BadRequest, detail ?? "Signature expired."),
        };

        return new AwsErrorException(code, message, status);
    }
}

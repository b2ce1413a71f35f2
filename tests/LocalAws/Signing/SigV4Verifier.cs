using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GapTools.LocalAws.Signing;

/// <summary>
/// Verifies AWS Signature Version 4 (header or presigned query) against the request as it arrived.
/// Checks, in AWS's order: signature fields, access key, clock (skew or presigned expiry), payload hash, signature.
/// </summary>
internal sealed partial class SigV4Verifier(Func<string, string?> secretForAccessKey, TimeProvider time, TimeSpan? maxClockSkew = null)
{
    /// <summary>AWS rejects requests whose X-Amz-Date is more than 15 minutes from its clock.</summary>
    public static readonly TimeSpan DefaultMaxClockSkew = TimeSpan.FromMinutes(15);

    private readonly TimeSpan _maxClockSkew = maxClockSkew ?? DefaultMaxClockSkew;

    public SigV4Result Verify(SignedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Authorize(request, out var authorization, out var secret) is { } refused)
        {
            return refused;
        }

        if (ClockError(authorization, time.GetUtcNow()) is { } clockError)
        {
            return SigV4Result.For(SigV4Failure.Expired, clockError, authorization);
        }

        if (!PayloadHash.TryResolve(request, authorization, out var payloadHash, out var payloadError))
        {
            return SigV4Result.For(SigV4Failure.PayloadHashMismatch, payloadError!, authorization);
        }

        var canonicalRequest = CanonicalRequest.Build(request, authorization, payloadHash);
        var stringToSign = SigningKey.StringToSign(authorization.AmzDate, authorization.Scope, canonicalRequest);
        var expected = SigningKey.Sign(SigningKey.Derive(secret, authorization.Scope), stringToSign);
        var matches = SignaturesEqual(expected, authorization.Signature);
        var message = matches
            ? "OK"
            : "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. "
              + $"The Canonical String for this request should have been\n'{canonicalRequest}'\n\nThe String-to-Sign should have been\n'{stringToSign}'\n";
        return SigV4Result.For(matches ? SigV4Failure.None : SigV4Failure.SignatureMismatch, message, authorization) with
        {
            CanonicalRequest = canonicalRequest,
            StringToSign = stringToSign,
        };
    }

    /// <summary>Reads the signature fields and looks up the secret; returns the refusal when either fails.</summary>
    private SigV4Result? Authorize(SignedRequest request, out SigV4Authorization authorization, out string secret)
    {
        secret = "";
        if (!SigV4Authorization.TryParse(request, out authorization, out var failure, out var error))
        {
            CredentialScope.TryRead(request, out var scope, out _);
            return new SigV4Result(failure, error!) { Scope = scope };
        }

        if (secretForAccessKey(authorization.Scope.AccessKeyId) is not { } known)
        {
            return SigV4Result.For(SigV4Failure.UnknownAccessKey,
                $"The AWS access key id '{authorization.Scope.AccessKeyId}' does not exist in our records.", authorization);
        }

        secret = known;
        return null;
    }

    private static bool SignaturesEqual(string expected, string provided) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(provided));

    private string? ClockError(SigV4Authorization authorization, DateTimeOffset now)
    {
        string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString(SigV4Authorization.AmzDateFormat, CultureInfo.InvariantCulture);
        var signedAt = authorization.SignedAt;
        var minutes = _maxClockSkew.TotalMinutes.ToString(CultureInfo.InvariantCulture);
        if (signedAt > now + _maxClockSkew)
        {
            return $"Signature not yet current: {Stamp(signedAt)} is still later than {Stamp(now + _maxClockSkew)} ({Stamp(now)} + {minutes} min.)";
        }

        if (authorization.Expires is { } expires)
        {
            return now > signedAt + expires
                ? $"Request has expired: X-Amz-Date {Stamp(signedAt)} + X-Amz-Expires {expires.TotalSeconds} s is before {Stamp(now)}."
                : null;
        }

        return signedAt < now - _maxClockSkew
            ? $"Signature expired: {Stamp(signedAt)} is now earlier than {Stamp(now - _maxClockSkew)} ({Stamp(now)} - {minutes} min.)"
            : null;
    }
}

namespace GapTools.LocalAws.Signing;

/// <summary>The payload hash line of the canonical request: x-amz-content-sha256 when sent, else the body's SHA-256.</summary>
internal static class PayloadHash
{
    public const string Unsigned = "UNSIGNED-PAYLOAD";

    // Signed literally: the body is aws-chunked and each chunk (or only the trailer) carries its own proof.
    private static readonly HashSet<string> Literals = new(StringComparer.Ordinal)
    {
        Unsigned,
        "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
    };

    public static bool TryResolve(SignedRequest request, SigV4Authorization authorization, out string payloadHash, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(authorization);
        error = null;
        var declared = request.Header("x-amz-content-sha256");
        if (declared is null)
        {
            // Presigned S3 URLs never cover the body; other services hash it as usual.
            payloadHash = authorization.IsPresigned && authorization.Scope.Service == "s3" ? Unsigned : BodyHash(request);
            return true;
        }

        payloadHash = declared;
        if (Literals.Contains(declared))
        {
            return true;
        }

        if (declared.Length != 64 || !declared.All(char.IsAsciiHexDigit))
        {
            error = "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, "
                + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, or a valid sha256 value.";
            return false;
        }

        var actual = BodyHash(request);
        if (!string.Equals(declared, actual, StringComparison.OrdinalIgnoreCase))
        {
            error = $"The provided 'x-amz-content-sha256' header does not match what was computed. Client: {declared}, server: {actual}.";
            return false;
        }

        return true;
    }

    public static string BodyHash(SignedRequest request) =>
        request.BodySha256Hex?.ToLowerInvariant() ?? SigningKey.Sha256Hex(request.Body.Span);
}

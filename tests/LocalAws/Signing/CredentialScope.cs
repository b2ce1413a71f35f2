namespace GapTools.LocalAws.Signing;

/// <summary>
/// The <c>Credential=AKID/yyyyMMdd/region/service/aws4_request</c> part of a SigV4 signature.
/// Reading it needs no secret and no canonicalisation, so the router can dispatch on <see cref="Service"/> cheaply.
/// </summary>
internal sealed record CredentialScope(string AccessKeyId, string Date, string Region, string Service)
{
    public const string Terminator = "aws4_request";

    /// <summary>The scope as it appears in the string to sign: <c>date/region/service/aws4_request</c>.</summary>
    public override string ToString() => $"{Date}/{Region}/{Service}/{Terminator}";

    /// <summary>Reads the scope from the Authorization header or the presigned <c>X-Amz-Credential</c> query parameter.</summary>
    public static bool TryRead(SignedRequest request, out CredentialScope scope, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        scope = null!;
        var authorization = request.Header("Authorization");
        string? credential;
        if (authorization is not null)
        {
            if (!SigV4Authorization.TryReadHeaderFields(authorization, out var fields, out error))
            {
                return false;
            }

            credential = fields.GetValueOrDefault("Credential");
        }
        else
        {
            credential = QueryParameters.First(request.RawQuery, "X-Amz-Credential");
            if (credential is null)
            {
                error = "Request is not signed: no Authorization header and no X-Amz-Credential query parameter.";
                return false;
            }
        }

        if (credential is null)
        {
            error = "Authorization header is missing Credential=.";
            return false;
        }

        return TryParse(credential, out scope, out error);
    }

    /// <summary>Parses <c>AKID/yyyyMMdd/region/service/aws4_request</c>.</summary>
    public static bool TryParse(string credential, out CredentialScope scope, out string? error)
    {
        ArgumentNullException.ThrowIfNull(credential);
        scope = null!;
        var parts = credential.Split('/');
        if (parts.Length != 5 || parts.Take(4).Any(string.IsNullOrEmpty) || parts[4] != Terminator)
        {
            error = $"Credential should be scoped to a valid region and service, in the form AKID/yyyyMMdd/region/service/aws4_request; got '{credential}'.";
            return false;
        }

        if (parts[1].Length != 8 || !parts[1].All(char.IsAsciiDigit))
        {
            error = $"Credential date '{parts[1]}' is not in yyyyMMdd form.";
            return false;
        }

        scope = new CredentialScope(parts[0], parts[1], parts[2], parts[3]);
        error = null;
        return true;
    }
}

using System.Globalization;

namespace GapTools.LocalAws.Signing;

/// <summary>
/// What a SigV4 signature claims, read from the Authorization header or from presigned query parameters
/// (<c>X-Amz-Algorithm</c>, <c>X-Amz-Credential</c>, <c>X-Amz-Date</c>, <c>X-Amz-SignedHeaders</c>,
/// <c>X-Amz-Signature</c>, <c>X-Amz-Expires</c>).
/// </summary>
internal sealed record SigV4Authorization(
    CredentialScope Scope,
    string SignedHeaders,
    string Signature,
    DateTimeOffset SignedAt,
    TimeSpan? Expires)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    // AWS caps presigned URLs at 7 days.
    private const int MaxExpiresSeconds = 604800;

    public bool IsPresigned => Expires is not null;

    /// <summary>The signing time as it appears in the string to sign.</summary>
    public string AmzDate => SignedAt.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

    public IReadOnlyList<string> SignedHeaderNames => SignedHeaders.Split(';');

    public static bool TryParse(SignedRequest request, out SigV4Authorization authorization, out SigV4Failure failure, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        authorization = null!;
        var header = request.Header("Authorization");
        var presigned = QueryParameters.First(request.RawQuery, "X-Amz-Algorithm") is not null;
        failure = SigV4Failure.Malformed;
        if (header is null && !presigned)
        {
            failure = SigV4Failure.Missing;
            error = "Request is missing Authentication Token: no Authorization header and no X-Amz-Algorithm query parameter.";
            return false;
        }

        if (header is not null && presigned)
        {
            error = "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.";
            return false;
        }

        return header is not null
            ? TryParseHeader(request, header, out authorization, out error)
            : TryParseQuery(request, out authorization, out error);
    }

    /// <summary>Splits <c>AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...</c> into its fields.</summary>
    internal static bool TryReadHeaderFields(string authorization, out Dictionary<string, string> fields, out string? error)
    {
        fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        var algorithm = space < 0 ? authorization : authorization[..space];
        if (algorithm != Algorithm)
        {
            error = $"Unsupported Authorization Type '{algorithm}': only {Algorithm} (SigV4) is accepted.";
            return false;
        }

        foreach (var part in authorization[(space + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !fields.TryAdd(part[..equals], part[(equals + 1)..]))
            {
                error = $"Authorization header component '{part}' is not a unique Key=Value pair.";
                return false;
            }
        }

        error = null;
        return true;
    }

    private static bool TryParseHeader(SignedRequest request, string header, out SigV4Authorization authorization, out string? error)
    {
        authorization = null!;
        if (!TryReadHeaderFields(header, out var fields, out error))
        {
            return false;
        }

        if (!fields.TryGetValue("Credential", out var credential)
            || !fields.TryGetValue("SignedHeaders", out var signedHeaders)
            || !fields.TryGetValue("Signature", out var signature))
        {
            error = "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.";
            return false;
        }

        if (!TryReadHeaderDate(request, out var signedAt, out error))
        {
            return false;
        }

        return TryCreate(credential, signedHeaders, signature, signedAt, null, out authorization, out error);
    }

    private static bool TryParseQuery(SignedRequest request, out SigV4Authorization authorization, out string? error)
    {
        authorization = null!;
        string? Param(string name) => QueryParameters.First(request.RawQuery, name);
        if (Param("X-Amz-Algorithm") != Algorithm)
        {
            error = $"X-Amz-Algorithm only supports \"{Algorithm}\".";
            return false;
        }

        var (credential, date, signedHeaders, signature, expires) =
            (Param("X-Amz-Credential"), Param("X-Amz-Date"), Param("X-Amz-SignedHeaders"), Param("X-Amz-Signature"), Param("X-Amz-Expires"));
        if (credential is null || date is null || signedHeaders is null || signature is null || expires is null)
        {
            error = "Query-string authentication requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.";
            return false;
        }

        if (!TryParseAmzDate(date, out var signedAt))
        {
            error = $"X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"; got '{date}'.";
            return false;
        }

        if (!int.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > MaxExpiresSeconds)
        {
            error = $"X-Amz-Expires must be a whole number of seconds from 1 to {MaxExpiresSeconds}; got '{expires}'.";
            return false;
        }

        return TryCreate(credential, signedHeaders, signature, signedAt, TimeSpan.FromSeconds(seconds), out authorization, out error);
    }

    private static bool TryCreate(
        string credential, string signedHeaders, string signature, DateTimeOffset signedAt, TimeSpan? expires,
        out SigV4Authorization authorization, out string? error)
    {
        authorization = null!;
        if (!CredentialScope.TryParse(credential, out var scope, out error))
        {
            return false;
        }

        var names = signedHeaders.Split(';');
        if (names.Any(n => n.Length == 0 || n.Any(char.IsAsciiLetterUpper)))
        {
            error = $"SignedHeaders '{signedHeaders}' must be a ';'-separated list of lowercase header names.";
            return false;
        }

        if (!names.Contains("host"))
        {
            error = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
            return false;
        }

        if (signature.Length != 64 || !signature.All(char.IsAsciiHexDigit))
        {
            error = "Signature must be 64 hexadecimal characters.";
            return false;
        }

        var requestDate = signedAt.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        if (scope.Date != requestDate)
        {
            error = $"Invalid credential date '{scope.Date}': it is not the same as the request date {requestDate}.";
            return false;
        }

        authorization = new SigV4Authorization(scope, signedHeaders, signature.ToLowerInvariant(), signedAt, expires);
        return true;
    }

    private static bool TryReadHeaderDate(SignedRequest request, out DateTimeOffset signedAt, out string? error)
    {
        signedAt = default;
        error = null;
        if (request.Header("X-Amz-Date") is { } amzDate)
        {
            if (TryParseAmzDate(amzDate, out signedAt))
            {
                return true;
            }

            error = $"X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"; got '{amzDate}'.";
            return false;
        }

        // SigV4 accepts the HTTP Date header when X-Amz-Date is absent.
        if (request.Header("Date") is { } date
            && DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out signedAt))
        {
            return true;
        }

        error = "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";
        return false;
    }

    private static bool TryParseAmzDate(string value, out DateTimeOffset signedAt) =>
        DateTimeOffset.TryParseExact(value, AmzDateFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out signedAt);
}

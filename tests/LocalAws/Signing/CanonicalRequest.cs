using System.Text;

namespace GapTools.LocalAws.Signing;

/// <summary>
/// Rebuilds the SigV4 canonical request from what arrived (pure; no secret, no clock).
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
/// </summary>
internal static class CanonicalRequest
{
    public static string Build(SignedRequest request, SigV4Authorization authorization, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(authorization);
        var builder = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(CanonicalUri(request.RawPath, authorization.Scope.Service)).Append('\n')
            .Append(CanonicalQuery(request.RawQuery, authorization.IsPresigned)).Append('\n');
        foreach (var name in authorization.SignedHeaderNames)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(request.HeaderValues(name))).Append('\n');
        }

        return builder.Append('\n')
            .Append(authorization.SignedHeaders).Append('\n')
            .Append(payloadHash)
            .ToString();
    }

    /// <summary>
    /// S3 signs the path exactly as sent (no normalisation, no second encoding). Every other service signs the
    /// path with '.', '..' and empty segments removed and each segment percent-encoded once more — the SDKs
    /// sign the already-encoded wire path, so a '%' on the wire becomes '%25' here.
    /// </summary>
    public static string CanonicalUri(string rawPath, string service)
    {
        ArgumentNullException.ThrowIfNull(rawPath);
        if (rawPath.Length == 0)
        {
            return "/";
        }

        if (service == "s3")
        {
            return rawPath;
        }

        var segments = new List<string>();
        var rawSegments = rawPath.Split('/');
        foreach (var segment in rawSegments)
        {
            switch (segment)
            {
                case "" or ".":
                    break;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    break;
                default:
                    segments.Add(SigV4Encoding.Encode(segment));
                    break;
            }
        }

        // RFC 3986 remove_dot_segments: a path ending in '/', '/.' or '/..' names a directory.
        var trailingSlash = rawSegments[^1] is "" or "." or ".." && segments.Count > 0;
        return "/" + string.Join('/', segments) + (trailingSlash ? "/" : "");
    }

    /// <summary>Parameters decoded then re-encoded per RFC 3986, sorted by name then value (ordinal).</summary>
    public static string CanonicalQuery(string rawQuery, bool presigned)
    {
        ArgumentNullException.ThrowIfNull(rawQuery);
        var pairs = QueryParameters.SplitRaw(rawQuery)
            .Select(p => (Name: SigV4Encoding.Reencode(p.Name), Value: SigV4Encoding.Reencode(p.Value)))
            .Where(p => !(presigned && p.Name == "X-Amz-Signature"))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>Each value trimmed with inner runs of spaces collapsed; repeated headers joined with ','.</summary>
    public static string CanonicalHeaderValue(IEnumerable<string> values) =>
        string.Join(',', values.Select(v => CollapseSpaces(v.Trim())));

    private static string CollapseSpaces(string value)
    {
        if (!value.Contains("  ", StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c != ' ' || builder.Length == 0 || builder[^1] != ' ')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

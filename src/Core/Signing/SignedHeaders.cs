namespace GapTools.Core.Signing;

/// <summary>
/// Which request headers go into the signature besides host and the signer's own: content type/MD5 and
/// <c>x-amz-*</c>. Others (User-Agent, Accept-Encoding, ...) may be changed by handlers after signing, which
/// would invalidate the signature, and AWS does not require them to be signed.
/// </summary>
internal static class SignedHeaders
{
    public static IEnumerable<(string Name, string Value)> Select(HttpRequestMessage request)
    {
        foreach (var header in request.Headers)
        {
            if (header.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)
                && !header.Key.Equals("x-amz-date", StringComparison.OrdinalIgnoreCase)
                && !header.Key.Equals("x-amz-content-sha256", StringComparison.OrdinalIgnoreCase)
                && !header.Key.Equals("x-amz-security-token", StringComparison.OrdinalIgnoreCase))
            {
                yield return (header.Key, string.Join(',', header.Value));
            }
        }

        if (request.Content is null)
        {
            yield break;
        }

        foreach (var header in request.Content.Headers)
        {
            if (header.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                || header.Key.Equals("Content-MD5", StringComparison.OrdinalIgnoreCase))
            {
                yield return (header.Key, string.Join(',', header.Value));
            }
        }
    }
}

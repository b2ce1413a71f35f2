using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GapTools.Core.Tests.Signing;

/// <summary>
/// An independent, minimal SigV4 implementation written from the specification (non-S3 path rules, no
/// path normalisation) to check the handler's output. Checked itself against the official test vectors.
/// </summary>
internal static class ReferenceSigV4
{
    public static string Authorization(
        string method,
        Uri uri,
        IReadOnlyDictionary<string, string> signedHeaders,
        byte[] body,
        string accessKey,
        string secretKey,
        string region,
        string service,
        string amzDate)
    {
        var date = amzDate[..8];
        var names = signedHeaders.Keys.Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();
        var lowered = signedHeaders.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value);
        var canonicalHeaders = string.Concat(names.Select(n => $"{n}:{lowered[n].Trim()}\n"));
        var canonicalRequest = string.Join('\n',
            method,
            CanonicalPath(uri.AbsolutePath),
            CanonicalQuery(uri.Query),
            canonicalHeaders,
            string.Join(';', names),
            Hex(SHA256.HashData(body)));
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, stringToSign));
        return $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={string.Join(';', names)}, Signature={signature}";
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    // Non-S3 services: every segment of the (already encoded) path is encoded once more.
    private static string CanonicalPath(string path) =>
        path.Length == 0 ? "/" : string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static string CanonicalQuery(string query)
    {
        if (query.Length <= 1)
        {
            return "";
        }

        return string.Join('&', query[1..]
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(kv => (Key: Encode(kv[0]), Value: Encode(kv.Length > 1 ? kv[1] : "")))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ThenBy(kv => kv.Value, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}={kv.Value}"));
    }

    private static string Encode(string component) => Uri.EscapeDataString(Uri.UnescapeDataString(component));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    public static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}

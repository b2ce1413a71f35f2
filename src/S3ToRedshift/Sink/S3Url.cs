namespace GapTools.S3ToRedshift.Sink;

/// <summary><c>s3://bucket/key</c> URLs as Redshift writes them: the key is raw text, not URL-encoded.</summary>
public static class S3Url
{
    /// <summary>Formats an object URL.</summary>
    public static string Format(string bucket, string key) => $"s3://{bucket}/{key}";

    /// <summary>Splits <c>s3://bucket/key</c>; the key may be empty (a bucket-wide prefix).</summary>
    public static bool TryParse(string? url, out string bucket, out string key)
    {
        bucket = "";
        key = "";
        const string scheme = "s3://";
        if (url is null || !url.StartsWith(scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = url[scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        bucket = slash < 0 ? rest : rest[..slash];
        key = slash < 0 ? "" : rest[(slash + 1)..];
        return bucket.Length > 0;
    }
}

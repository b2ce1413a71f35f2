namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>An <c>s3://bucket/key</c> location; for a COPY source the key is a prefix unless MANIFEST is given.</summary>
internal sealed record S3Url(string Bucket, string Key)
{
    private const string Scheme = "s3://";

    public static bool TryParse(string text, out S3Url? url)
    {
        url = null;
        if (!text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = text[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length == 0)
        {
            return false;
        }

        url = new S3Url(bucket, slash < 0 ? string.Empty : rest[(slash + 1)..]);
        return true;
    }

    public override string ToString() => $"{Scheme}{Bucket}/{Key}";
}

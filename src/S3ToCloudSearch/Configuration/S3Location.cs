namespace GapTools.S3ToCloudSearch.Configuration;

/// <summary>A bucket and key prefix, parsed from <c>s3://bucket/prefix/</c>. Pure.</summary>
internal sealed record S3Location(string Bucket, string Prefix)
{
    public static bool TryParse(string? text, out S3Location location, out string error)
    {
        location = new S3Location("", "");
        error = "";
        if (string.IsNullOrWhiteSpace(text) || !text.StartsWith("s3://", StringComparison.Ordinal))
        {
            error = $"'{text}' is not an s3://bucket/prefix/ URI";
            return false;
        }

        var rest = text["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length is < 3 or > 63)
        {
            error = $"'{text}' does not name a bucket (3-63 characters)";
            return false;
        }

        location = new S3Location(bucket, slash < 0 ? "" : rest[(slash + 1)..]);
        return true;
    }

    /// <summary>True when <paramref name="key"/> in <paramref name="bucket"/> lies under this location.</summary>
    public bool Contains(string bucket, string key) => bucket == Bucket && key.StartsWith(Prefix, StringComparison.Ordinal);

    public override string ToString() => $"s3://{Bucket}/{Prefix}";
}

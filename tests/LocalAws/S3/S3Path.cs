namespace GapTools.LocalAws.S3;

/// <summary>
/// Bucket and key of a path-style request (<c>/{bucket}/{key}</c>), read from the raw path so that
/// <c>a//b</c>, <c>%2F</c> and <c>+</c> survive exactly as the client encoded them.
/// </summary>
internal readonly record struct S3Path(string? Bucket, string? Key)
{
    public static S3Path Parse(string rawPath)
    {
        var path = rawPath.StartsWith('/') ? rawPath[1..] : rawPath;
        if (path.Length == 0)
        {
            return new S3Path(null, null);
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return new S3Path(Uri.UnescapeDataString(path), null);
        }

        var bucket = Uri.UnescapeDataString(path[..slash]);
        var key = path[(slash + 1)..];
        // '+' is a literal plus in a path (only query strings use it for space).
        return new S3Path(bucket, key.Length == 0 ? null : Uri.UnescapeDataString(key));
    }
}

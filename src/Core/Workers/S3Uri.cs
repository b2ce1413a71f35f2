namespace GapTools.Core.Workers;

/// <summary>An <c>s3://bucket/prefix</c> location (the prefix may be empty).</summary>
public sealed record S3Uri(string Bucket, string Prefix)
{
    public static S3Uri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("s3://", StringComparison.Ordinal))
        {
            throw new FormatException($"'{text}' is not an S3 URI; expected s3://bucket/prefix.");
        }

        var rest = text["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length is < 3 or > 63)
        {
            throw new FormatException($"'{text}' names no valid bucket (3 to 63 characters).");
        }

        return new S3Uri(bucket, slash < 0 ? "" : rest[(slash + 1)..]);
    }

    public override string ToString() => $"s3://{Bucket}/{Prefix}";
}

using System.Diagnostics.CodeAnalysis;

namespace GapTools.Core;

/// <summary>
/// An <c>s3://bucket/key-or-prefix</c> location, the one parser of that form in GapTools. The key is raw text (not
/// URL-encoded), as S3 events decode it and Redshift's COPY and manifests write it; it may be empty.
/// </summary>
/// <param name="Bucket">Bucket name.</param>
/// <param name="Key">Key or key prefix, possibly empty.</param>
public sealed record S3Uri(string Bucket, string Key)
{
    private const string Scheme = "s3://";

    /// <summary>The key read as a prefix (the same text; the name says how it is used).</summary>
    public string Prefix => Key;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming the problem.</summary>
    public static S3Uri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var uri, out var error) ? uri : throw new FormatException(error);
    }

    /// <summary>Parses <paramref name="text"/>, or says why it is not an S3 URI (the text is quoted in <paramref name="error"/>).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out S3Uri? uri, out string error)
    {
        uri = null;
        if (text is null || !text.StartsWith(Scheme, StringComparison.Ordinal))
        {
            error = $"'{text}' is not an S3 URI; expected s3://bucket/prefix";
            return false;
        }

        var rest = text[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length is 0 or > 63)
        {
            error = $"'{text}' names no bucket (s3://bucket/prefix, a bucket name of at most 63 characters)";
            return false;
        }

        uri = new S3Uri(bucket, slash < 0 ? "" : rest[(slash + 1)..]);
        error = "";
        return true;
    }

    /// <summary>Formats an object URL the way COPY and manifests take it (the key as raw text).</summary>
    public static string Format(string bucket, string key) => $"{Scheme}{bucket}/{key}";

    /// <summary>True when <paramref name="key"/> in <paramref name="bucket"/> lies under this location.</summary>
    public bool Contains(string bucket, string key) =>
        string.Equals(bucket, Bucket, StringComparison.Ordinal) && key.StartsWith(Key, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Format(Bucket, Key);
}

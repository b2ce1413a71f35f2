using System.Globalization;

namespace GapTools.LocalAws.S3;

/// <summary>A satisfiable byte range of an object: first and last byte, inclusive.</summary>
internal readonly record struct S3ByteRange(long First, long Last)
{
    public long Length => Last - First + 1;

    public string ContentRange(long size) => $"bytes {First}-{Last}/{size}";

    /// <summary>
    /// Reads a Range header as S3 does: <c>bytes=a-b</c>, <c>bytes=a-</c>, <c>bytes=-n</c>. Returns null when the
    /// whole object should be served (no header, or one S3 ignores: bad syntax, several ranges).
    /// </summary>
    /// <exception cref="Protocols.AwsErrorException">InvalidRange (416) when the range starts past the end.</exception>
    public static S3ByteRange? Parse(string? header, long size)
    {
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var spec = header["bytes=".Length..].Trim();
        if (spec.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        var (left, right) = (spec[..dash].Trim(), spec[(dash + 1)..].Trim());
        if (left.Length == 0)
        {
            // Suffix range: the last n bytes.
            if (!TryNumber(right, out var suffix))
            {
                return null;
            }

            return suffix == 0 || size == 0
                ? throw S3Errors.InvalidRange(header, size)
                : new S3ByteRange(Math.Max(0, size - suffix), size - 1);
        }

        if (!TryNumber(left, out var first))
        {
            return null;
        }

        long last = size - 1;
        if (right.Length > 0)
        {
            if (!TryNumber(right, out last) || last < first)
            {
                return null;
            }
        }

        return first >= size
            ? throw S3Errors.InvalidRange(header, size)
            : new S3ByteRange(first, Math.Min(last, size - 1));
    }

    private static bool TryNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}

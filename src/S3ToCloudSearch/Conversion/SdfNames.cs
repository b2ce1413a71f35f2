namespace GapTools.S3ToCloudSearch.Conversion;

/// <summary>Identifier rules of the Search Data Format. Pure.</summary>
internal static class SdfNames
{
    /// <summary>An id is 1–128 characters of A-Z a-z 0-9 _ - / # : (checked on its unescaped UTF-8 bytes).</summary>
    public static bool IsValidId(ReadOnlySpan<byte> id)
    {
        if (id.IsEmpty || id.Length > SdfLimits.MaxIdLength)
        {
            return false;
        }

        foreach (var b in id)
        {
            if (!(IsAsciiLetterOrDigit(b) || b is (byte)'_' or (byte)'-' or (byte)'/' or (byte)'#' or (byte)':'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A field name starts with a letter, has only a-z 0-9 _ and is at most 64 characters; <c>score</c> is
    /// reserved (https://docs.aws.amazon.com/cloudsearch/latest/developerguide/configuring-index-fields.html).
    /// </summary>
    public static bool IsValidFieldName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name.Length > SdfLimits.MaxFieldNameLength || name[0] is < (byte)'a' or > (byte)'z'
            || name.SequenceEqual("score"u8))
        {
            return false;
        }

        foreach (var b in name)
        {
            if (!(b is >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAsciiLetterOrDigit(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9';
}

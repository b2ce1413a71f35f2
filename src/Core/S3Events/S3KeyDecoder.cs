using System.Text;

namespace GapTools.Core.S3Events;

/// <summary>
/// Decodes object keys of S3 event notifications, which S3 writes URL-form-encoded: <c>+</c> is a space and
/// <c>%XX</c> bytes form UTF-8. Decoding is unconditional: a key with spaces but no <c>%</c> is still encoded.
/// </summary>
internal static class S3KeyDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Returns the decoded key, or null with a reason when the encoding is malformed.</summary>
    public static string? TryDecode(string encoded, out string? error)
    {
        error = null;
        var bytes = new List<byte>(encoded.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else if (c == '%')
            {
                if (i + 2 >= encoded.Length || !IsHex(encoded[i + 1]) || !IsHex(encoded[i + 2]))
                {
                    error = $"has a malformed escape at position {i}";
                    return null;
                }

                bytes.Add((byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2])));
                i += 2;
            }
            else if (char.IsSurrogate(c))
            {
                // Not produced by S3 (it escapes non-ASCII), but keep raw text intact if a producer sends it.
                if (i + 1 >= encoded.Length || !char.IsSurrogatePair(c, encoded[i + 1]))
                {
                    error = $"has an unpaired surrogate at position {i}";
                    return null;
                }

                var written = Encoding.UTF8.GetBytes(encoded.AsSpan(i, 2), utf8);
                bytes.AddRange(utf8[..written]);
                i++;
            }
            else
            {
                var written = Encoding.UTF8.GetBytes(encoded.AsSpan(i, 1), utf8);
                bytes.AddRange(utf8[..written]);
            }
        }

        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            error = "does not decode to valid UTF-8";
            return null;
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

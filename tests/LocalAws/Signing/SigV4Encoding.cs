using System.Text;

namespace GapTools.LocalAws.Signing;

/// <summary>RFC 3986 percent-encoding as SigV4 defines it: everything but A-Z a-z 0-9 - _ . ~ becomes %XX.</summary>
internal static class SigV4Encoding
{
    public static string Encode(string text) => EncodeBytes(Encoding.UTF8.GetBytes(text));

    /// <summary>Decodes %XX (a malformed '%' stays literal) and re-encodes canonically; '+' stays a literal plus.</summary>
    public static string Reencode(string raw) => EncodeBytes(DecodeToBytes(raw));

    public static string Decode(string raw) => Encoding.UTF8.GetString(DecodeToBytes(raw));

    public static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';

    private static string EncodeBytes(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (IsUnreserved(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
            }
        }

        return builder.ToString();
    }

    private static byte[] DecodeToBytes(string raw)
    {
        var utf8 = Encoding.UTF8.GetBytes(raw);
        var output = new List<byte>(utf8.Length);
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == '%' && i + 2 < utf8.Length && IsHex(utf8[i + 1]) && IsHex(utf8[i + 2]))
            {
                output.Add((byte)((HexValue(utf8[i + 1]) << 4) | HexValue(utf8[i + 2])));
                i += 2;
            }
            else
            {
                output.Add(utf8[i]);
            }
        }

        return [.. output];
    }

    private const string HexUpper = "0123456789ABCDEF";

    private static bool IsHex(byte b) => HexValue(b) >= 0;

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}

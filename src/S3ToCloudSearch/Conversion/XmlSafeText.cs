using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace GapTools.S3ToCloudSearch.Conversion;

/// <summary>
/// Turns the raw bytes of a JSON string token into UTF-8 that CloudSearch accepts, as s32cs (Go's encoding/json,
/// then its XML character filter) does: escapes resolved; each byte that is not part of valid UTF-8, and each lone
/// surrogate escape (<c>\ud800</c>), becomes U+FFFD (so the text shows where it was damaged); characters XML 1.0
/// forbids (control characters, U+FFFE/U+FFFF) are removed. Both are counted. Unlike s32cs, characters beyond the
/// BMP (emoji, rare CJK) are kept: XML allows them and s32cs's filter drops them only because its pattern stops at
/// U+FFFD. Pure.
/// </summary>
internal static class XmlSafeText
{
    // After stripping, the only characters JSON requires escaping are these (other controls are gone).
    // U+FFFE and U+FFFF start with these bytes (EF BF BE / EF BF BF).
    private static ReadOnlySpan<byte> UnicodeSpecials => [0xEF, 0xBF];

    private static ReadOnlySpan<byte> ReplacementCharacter => [0xEF, 0xBF, 0xBD];

    private static readonly SearchValues<byte> MustEscape = SearchValues.Create("\"\\\n\r\t"u8);

    /// <summary>
    /// True when the raw token bytes can be copied as they are: no escapes, valid UTF-8, no U+FFFE/U+FFFF.
    /// (Raw control characters cannot occur: the JSON reader refuses them inside strings.)
    /// </summary>
    public static bool IsCleanRaw(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (escaped || !Utf8.IsValid(raw))
        {
            return false;
        }

        // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
        for (var at = raw.IndexOf(UnicodeSpecials); at >= 0;)
        {
            if (at + 2 < raw.Length && raw[at + 2] is 0xBE or 0xBF)
            {
                return false;
            }

            var next = raw[(at + 2)..].IndexOf(UnicodeSpecials);
            at = next < 0 ? -1 : at + 2 + next;
        }

        return true;
    }

    /// <summary>
    /// Unescapes <paramref name="raw"/> (the bytes between the quotes of a JSON string the reader already accepted)
    /// into <paramref name="output"/>, dropping characters XML does not allow and replacing invalid UTF-8 bytes and
    /// lone surrogate escapes with U+FFFD.
    /// </summary>
    public static TextRepairs Unescape(ReadOnlySpan<byte> raw, ArrayBufferWriter<byte> output)
    {
        output.ResetWrittenCount();
        var repairs = default(TextRepairs);
        var i = 0;
        while (i < raw.Length)
        {
            var plain = raw[i..].IndexOf((byte)'\\');
            var run = plain < 0 ? raw[i..] : raw.Slice(i, plain);
            repairs += CopyValidRunes(run, output);
            i += run.Length;
            if (plain < 0)
            {
                break;
            }

            i = ReadEscape(raw, i, out var codePoint);
            if (codePoint < 0)
            {
                output.Write(ReplacementCharacter);
                repairs += TextRepairs.OneReplaced;
            }
            else if (IsXmlChar(codePoint))
            {
                Write(new Rune(codePoint), output);
            }
            else
            {
                repairs += TextRepairs.OneStripped;
            }
        }

        return repairs;
    }

    /// <summary>
    /// Writes <paramref name="utf8"/> (valid, XML-clean UTF-8) as a quoted JSON string, escaping only what JSON
    /// requires. System.Text.Json's encoders also escape non-BMP and some other characters, inflating documents.
    /// </summary>
    public static void WriteQuoted(ReadOnlySpan<byte> utf8, ArrayBufferWriter<byte> output)
    {
        output.ResetWrittenCount();
        output.Write("\""u8);
        while (!utf8.IsEmpty)
        {
            var special = utf8.IndexOfAny(MustEscape);
            if (special < 0)
            {
                output.Write(utf8);
                break;
            }

            output.Write(utf8[..special]);
            output.Write(utf8[special] switch
            {
                (byte)'"' => "\\\""u8,
                (byte)'\\' => "\\\\"u8,
                (byte)'\n' => "\\n"u8,
                (byte)'\r' => "\\r"u8,
                _ => "\\t"u8,
            });
            utf8 = utf8[(special + 1)..];
        }

        output.Write("\""u8);
    }

    /// <summary>XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].</summary>
    public static bool IsXmlChar(int codePoint) =>
        codePoint is 0x9 or 0xA or 0xD
        || (codePoint >= 0x20 && codePoint <= 0xD7FF)
        || (codePoint >= 0xE000 && codePoint <= 0xFFFD)
        || (codePoint >= 0x10000 && codePoint <= 0x10FFFF);

    private static TextRepairs CopyValidRunes(ReadOnlySpan<byte> run, ArrayBufferWriter<byte> output)
    {
        if (IsCleanRaw(run, escaped: false))
        {
            output.Write(run);
            return default;
        }

        var repairs = default(TextRepairs);
        while (!run.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(run, out var rune, out var consumed);
            if (status != OperationStatus.Done)
            {
                // One U+FFFD per byte, as Go's decoder (utf8.DecodeRune returns RuneError, 1) and so s32cs do; .NET
                // would consume a truncated sequence's valid prefix at once.
                output.Write(ReplacementCharacter);
                repairs += TextRepairs.OneReplaced;
                consumed = 1;
            }
            else if (IsXmlChar(rune.Value))
            {
                output.Write(run[..consumed]);
            }
            else
            {
                repairs += TextRepairs.OneStripped;
            }

            run = run[consumed..];
        }

        return repairs;
    }

    // Returns the index after the escape; codePoint is -1 for a lone surrogate (Go's decoder makes it U+FFFD).
    private static int ReadEscape(ReadOnlySpan<byte> raw, int at, out int codePoint)
    {
        var kind = raw[at + 1];
        codePoint = kind switch
        {
            (byte)'b' => '\b',
            (byte)'f' => '\f',
            (byte)'n' => '\n',
            (byte)'r' => '\r',
            (byte)'t' => '\t',
            (byte)'u' => Hex(raw.Slice(at + 2, 4)),
            _ => kind, // " \ /
        };
        if (kind != (byte)'u')
        {
            return at + 2;
        }

        var next = at + 6;
        if (char.IsHighSurrogate((char)codePoint))
        {
            if (next + 6 <= raw.Length && raw[next] == (byte)'\\' && raw[next + 1] == (byte)'u'
                && Hex(raw.Slice(next + 2, 4)) is var low && char.IsLowSurrogate((char)low))
            {
                codePoint = char.ConvertToUtf32((char)codePoint, (char)low);
                return next + 6;
            }

            codePoint = -1;
        }
        else if (char.IsLowSurrogate((char)codePoint))
        {
            codePoint = -1;
        }

        return next;
    }

    private static int Hex(ReadOnlySpan<byte> digits)
    {
        // The JSON reader has validated the four hex digits already.
        var value = 0;
        foreach (var d in digits)
        {
            value = (value << 4) | (d <= '9' ? d - '0' : (d | 0x20) - 'a' + 10);
        }

        return value;
    }

    private static void Write(Rune rune, ArrayBufferWriter<byte> output)
    {
        var span = output.GetSpan(4);
        output.Advance(rune.EncodeToUtf8(span));
    }
}

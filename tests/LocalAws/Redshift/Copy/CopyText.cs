using System.Text;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>Decoding of load files: UTF-8, with invalid byte sequences marked so that conversion can reject the
/// row or, under ACCEPTINVCHARS, replace them.</summary>
internal static class CopyText
{
    /// <summary>Stands for an invalid UTF-8 sequence; U+FFFF is a noncharacter that Redshift rejects as well.</summary>
    public const char InvalidMarker = '\uFFFF';

    public static readonly Encoding Utf8 = CreateEncoding();

    private static Encoding CreateEncoding()
    {
        var encoding = (Encoding)new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).Clone();
        encoding.DecoderFallback = new DecoderReplacementFallback(InvalidMarker.ToString());
        return encoding;
    }
}

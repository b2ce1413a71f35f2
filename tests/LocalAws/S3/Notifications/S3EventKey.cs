using System.Text;

namespace GapTools.LocalAws.S3.Notifications;

/// <summary>
/// Encodes an object key the way S3 writes it into event notifications: form encoding (space → <c>+</c>, other bytes
/// outside <c>A–Z a–z 0–9 - _ . *</c> → <c>%XX</c> of their UTF-8), but <c>/</c> kept as is, so
/// <c>my file+1 é.json</c> becomes <c>my+file%2B1+%C3%A9.json</c> and <c>dt=2024/x</c> becomes <c>dt%3D2024/x</c>.
/// EventBridge events carry the raw key instead.
/// </summary>
internal static class S3EventKey
{
    public static string Encode(string key)
    {
        var builder = new StringBuilder(key.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '*' or '/')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}

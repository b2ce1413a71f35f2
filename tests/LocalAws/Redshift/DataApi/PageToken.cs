using System.Globalization;
using System.Text;

namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>Opaque NextToken values: the position to continue from, bound to what is being paged.</summary>
internal static class PageToken
{
    public static string Encode(string scope, int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{offset}|{scope}")));

    /// <summary>The offset in <paramref name="token"/>, 0 without a token.</summary>
    /// <exception cref="Protocols.AwsErrorException">ValidationException: not a token for <paramref name="scope"/>.</exception>
    public static int Decode(string? token, string scope)
    {
        if (token is null)
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && text[(bar + 1)..] == scope
                && int.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
            // Not base64: reported below like any other foreign token.
        }

        throw DataApiErrors.Validation("The NextToken is not valid for this request.");
    }
}

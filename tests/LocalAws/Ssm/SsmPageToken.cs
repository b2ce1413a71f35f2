using System.Text;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.Ssm;

/// <summary>
/// Opaque NextToken: the query it belongs to plus the last item returned. Paging resumes after that item, so
/// concurrent puts never repeat or skip an existing entry. Pure.
/// </summary>
internal static class SsmPageToken
{
    public static string Encode(string scope, string last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{scope}\n{last}"));

    /// <summary>The last item of the previous page, or null for the first page.</summary>
    public static string? Decode(string? token, string scope)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            if (newline >= 0 && text[..newline] == scope)
            {
                return text[(newline + 1)..];
            }
        }
        catch (FormatException)
        {
            // Not ours: answered below as AWS does.
        }

        throw new AwsErrorException("InvalidNextToken", "The specified token is not valid.");
    }
}

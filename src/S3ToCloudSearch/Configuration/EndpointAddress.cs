namespace GapTools.S3ToCloudSearch.Configuration;

/// <summary>
/// Reads a document endpoint as s32cs (the AWS SDK for Go) does: an http(s) URL, or a bare host name (with an optional
/// port and path) to which <c>https://</c> is added, such as s32cs's <c>ENDPOINT=doc-movies-abc123.us-east-1.cloudsearch.amazonaws.com</c>. Pure.
/// </summary>
internal static class EndpointAddress
{
    private static readonly string[] CloudSearchHostSuffixes = [".cloudsearch.amazonaws.com", ".cloudsearch.amazonaws.com.cn"];

    public static bool TryParse(string? text, out Uri url)
    {
        url = null!;
        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp)
            || parsed.Host.Length == 0 || parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
        {
            return false;
        }

        url = parsed;
        return true;
    }

    /// <summary>True for the host names of CloudSearch's public document endpoints.</summary>
    public static bool IsCloudSearchHost(Uri url) =>
        CloudSearchHostSuffixes.Any(suffix => url.Host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));
}

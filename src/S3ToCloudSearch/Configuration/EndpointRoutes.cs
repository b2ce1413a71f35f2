using System.Text.RegularExpressions;

namespace GapTools.S3ToCloudSearch.Configuration;

/// <summary>
/// Chooses the document endpoint for an object key. When <c>KeyRegexp</c> matches, its first capture group names an
/// endpoint in <c>Endpoints</c> (<see cref="KeyRegexpCapture.EndpointName"/>) or is the endpoint itself, as in
/// fujiwara/s32cs (<see cref="KeyRegexpCapture.Endpoint"/>); keys it does not match go to the default
/// <c>DocumentEndpoint</c>. Pure.
/// </summary>
public sealed class EndpointRoutes
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex? keyRegexp;
    private readonly KeyRegexpCapture capture;
    private readonly Dictionary<string, DocumentEndpoint> named;

    /// <summary>Compiles routes from validated options.</summary>
    public EndpointRoutes(S3ToCloudSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Default = EndpointAddress.TryParse(options.DocumentEndpoint, out var url) ? new DocumentEndpoint(DocumentEndpoint.DefaultName, url) : null;
        named = options.Endpoints.ToDictionary(
            e => e.Key,
            e => new DocumentEndpoint(e.Key, EndpointAddress.TryParse(e.Value, out var u) ? u : throw new ArgumentException($"Endpoints:{e.Key} is not a URL.", nameof(options))),
            StringComparer.Ordinal);
        keyRegexp = string.IsNullOrWhiteSpace(options.KeyRegexp) ? null : new Regex(options.KeyRegexp, RegexOptions.CultureInvariant, MatchTimeout);
        capture = options.KeyRegexpCapture;
    }

    /// <summary>The endpoint for keys the regexp does not match; null when none is configured.</summary>
    public DocumentEndpoint? Default { get; }

    /// <summary>Every configured endpoint, the default first (endpoints captured from keys are not known in advance).</summary>
    public IReadOnlyList<DocumentEndpoint> All => (Default is null ? named.Values : named.Values.Prepend(Default)).ToArray();

    /// <summary>The endpoint for <paramref name="key"/>, or why there is none.</summary>
    public DocumentEndpoint? Route(string key, out string? error)
    {
        error = null;
        if (keyRegexp?.Match(key) is { Success: true } match)
        {
            var selected = capture == KeyRegexpCapture.Endpoint
                ? (match.Groups.Count > 1 ? match.Groups[1] : match.Groups[0]).Value
                : match.Groups.Count > 1 && match.Groups[1].Success ? match.Groups[1].Value : "";
            if (selected.Length > 0)
            {
                return capture == KeyRegexpCapture.Endpoint ? Captured(key, selected, out error) : Named(key, selected, out error);
            }
        }

        if (Default is null)
        {
            error = $"key '{key}' does not match KeyRegexp and no DocumentEndpoint is configured";
            return null;
        }

        return Default;
    }

    /// <summary>The routes in configuration terms, one per line, for startup logs and <c>--dry-run</c>.</summary>
    public override string ToString()
    {
        var lines = new List<string>();
        if (keyRegexp is not null && capture == KeyRegexpCapture.Endpoint)
        {
            lines.Add($"key =~ /{keyRegexp}/ => the endpoint it captures (as s32cs; *.cloudsearch.amazonaws.com[.cn]{(Default is null ? "" : $" or {Default.Url.Authority}")})");
        }
        else if (keyRegexp is not null)
        {
            lines.AddRange(named.Values.Select(e => $"key =~ /{keyRegexp}/ with $1 = '{e.Name}' => {e}"));
        }

        lines.Add(Default is null ? "other keys => (error: no DocumentEndpoint)" : $"other keys => {Default}");
        return string.Join(Environment.NewLine, lines);
    }

    private DocumentEndpoint? Named(string key, string name, out string? error)
    {
        error = null;
        if (named.TryGetValue(name, out var endpoint))
        {
            return endpoint;
        }

        error = $"key '{key}' selects endpoint '{name}', which is not configured in Endpoints";
        return null;
    }

    private DocumentEndpoint? Captured(string key, string text, out string? error)
    {
        error = null;
        if (!EndpointAddress.TryParse(text, out var url))
        {
            error = $"key '{key}' selects endpoint '{text}' (KeyRegexp's capture), which is neither a host name nor an http(s) URL";
            return null;
        }

        if (Default is not null && Default.Url == url)
        {
            // The same domain through the same uploader, so its adds and deletes keep their order.
            return Default;
        }

        var onDefaultHost = Default is not null && string.Equals(Default.Url.Authority, url.Authority, StringComparison.OrdinalIgnoreCase)
            && Default.Url.Scheme == url.Scheme;
        if (!onDefaultHost && !EndpointAddress.IsCloudSearchHost(url))
        {
            error = $"key '{key}' selects endpoint '{text}' (KeyRegexp's capture), which is neither a CloudSearch document endpoint (*.cloudsearch.amazonaws.com) nor on DocumentEndpoint's host";
            return null;
        }

        return new DocumentEndpoint(url.Authority + url.AbsolutePath.TrimEnd('/'), url);
    }
}

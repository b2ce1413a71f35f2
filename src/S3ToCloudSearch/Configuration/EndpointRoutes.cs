using System.Text.RegularExpressions;

namespace GapTools.S3ToCloudSearch.Configuration;

/// <summary>
/// Chooses the document endpoint for an object key, as fujiwara/s32cs does: when <c>KeyRegexp</c> matches, its
/// first capture group names an endpoint in <c>Endpoints</c>; otherwise the default <c>DocumentEndpoint</c>. Pure.
/// </summary>
public sealed class EndpointRoutes
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex? keyRegexp;
    private readonly Dictionary<string, DocumentEndpoint> named;

    /// <summary>Compiles routes from validated options.</summary>
    public EndpointRoutes(S3ToCloudSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Default = string.IsNullOrWhiteSpace(options.DocumentEndpoint) ? null : new DocumentEndpoint(DocumentEndpoint.DefaultName, new Uri(options.DocumentEndpoint));
        named = options.Endpoints.ToDictionary(e => e.Key, e => new DocumentEndpoint(e.Key, new Uri(e.Value)), StringComparer.Ordinal);
        keyRegexp = string.IsNullOrWhiteSpace(options.KeyRegexp) ? null : new Regex(options.KeyRegexp, RegexOptions.CultureInvariant, MatchTimeout);
    }

    /// <summary>The endpoint for keys the regexp does not match; null when none is configured.</summary>
    public DocumentEndpoint? Default { get; }

    /// <summary>Every configured endpoint, the default first.</summary>
    public IReadOnlyList<DocumentEndpoint> All => (Default is null ? named.Values : named.Values.Prepend(Default)).ToArray();

    /// <summary>The endpoint for <paramref name="key"/>, or why there is none.</summary>
    public DocumentEndpoint? Route(string key, out string? error)
    {
        error = null;
        if (keyRegexp?.Match(key) is { Success: true } match && match.Groups.Count > 1 && match.Groups[1].Success)
        {
            if (named.TryGetValue(match.Groups[1].Value, out var endpoint))
            {
                return endpoint;
            }

            error = $"key '{key}' selects endpoint '{match.Groups[1].Value}', which is not configured in Endpoints";
            return null;
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
        if (keyRegexp is not null)
        {
            lines.AddRange(named.Values.Select(e => $"key =~ /{keyRegexp}/ with $1 = '{e.Name}' => {e}"));
        }

        lines.Add(Default is null ? "other keys => (error: no DocumentEndpoint)" : $"other keys => {Default}");
        return string.Join(Environment.NewLine, lines);
    }
}

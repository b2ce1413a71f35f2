namespace GapTools.Cli.Health;

/// <summary>
/// <c>tool health [--url U] [--live]</c>: asks a running worker's <c>/health/ready</c> (or, with <c>--live</c>,
/// <c>/health/live</c>) and exits 0 when it answers 200, 1 otherwise, printing its answer. For images without curl.
/// A check whose failure replaces the container (ECS <c>healthCheck</c>, Kubernetes' liveness probe) wants
/// <c>--live</c>: readiness is lost during a sink outage, which a new container would not end.
/// </summary>
public static class HealthProbe
{
    /// <summary>Where <c>health</c> asks when no <c>--url</c> is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Asks <paramref name="url"/> (an address of <c>Worker:HealthUrls</c>; <c>0.0.0.0</c> and <c>*</c> mean this machine).</summary>
    public static Task<int> RunAsync(string url, TextWriter output, CancellationToken cancellationToken) =>
        RunAsync(url, live: false, output, cancellationToken);

    /// <summary>Asks <paramref name="url"/>'s <c>/health/live</c> when <paramref name="live"/>, its <c>/health/ready</c> otherwise.</summary>
    public static async Task<int> RunAsync(string url, bool live, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var local = url.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .TrimEnd('/');
        if (!Uri.TryCreate(local + (live ? "/health/live" : "/health/ready"), UriKind.Absolute, out var ready) || ready.Scheme != Uri.UriSchemeHttp)
        {
            await output.WriteLineAsync($"--url '{url}' is not an http:// address such as {DefaultUrl}.").ConfigureAwait(false);
            return 1;
        }

        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(ready, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync($"{ready} is not answering: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}

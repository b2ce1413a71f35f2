using GapTools.Core.Signing;

namespace GapTools.SsmWrap.Fetching;

/// <summary>
/// Where <see cref="SsmJsonReader"/> sends its requests and the region it signs for, resolved from the environment as
/// the SDK client resolves them: the region from <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c> or the profile; the URL
/// from <c>AWS_ENDPOINT_URL_SSM</c>, <c>AWS_ENDPOINT_URL</c> (unless <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c>)
/// or <c>https://ssm.{region}.amazonaws.com</c>. <see cref="TryResolve()"/> gives null for the settings only the SDK's
/// endpoint rules handle (FIPS, dual-stack, a custom CA bundle for an https endpoint, endpoints or those switches in the shared config
/// file): the caller then uses the SDK client, which gets them right.
/// </summary>
internal sealed record SsmEndpoint(Uri Url, string SigningRegion)
{
    private static readonly string[] SdkOnlyVariables = ["AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT"];

    // A CA bundle only matters to TLS: with a plain http endpoint (a local stand-in) it changes nothing.
    private const string CaBundleVariable = "AWS_CA_BUNDLE";

    private static readonly string[] SdkOnlyConfigKeys =
        ["endpoint_url", "use_fips_endpoint", "use_dualstack_endpoint", "ca_bundle", "services"];

    /// <summary>The endpoint, or null when the settings need the SDK client.</summary>
    /// <exception cref="SsmWrapException">No region and no endpoint URL (<see cref="FailureText.NoRegion"/>).</exception>
    public static SsmEndpoint? TryResolve() =>
        TryResolve(Environment.GetEnvironmentVariable, RegionFromChain, File.Exists, File.ReadAllText);

    internal static SsmEndpoint? TryResolve(
        Func<string, string?> environment, Func<string?> region, Func<string, bool> exists, Func<string, string> read)
    {
        if (SdkOnlyVariables.Any(v => !string.IsNullOrEmpty(environment(v))) || ConfigNeedsSdk(environment, exists, read))
        {
            return null;
        }

        var url = ConfiguredUrl(environment);
        if (region() is not { Length: > 0 } signingRegion)
        {
            // Without a region the SDK client fails, unless an endpoint URL is set: then it derives the signing region
            // from the URL. Leave that case to it.
            return url is null ? throw new SsmWrapException(FailureText.NoRegion) : null;
        }

        url ??= AwsEndpoints.Regional("ssm", signingRegion);
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null; // a URL the SDK may read differently: let it say what is wrong
        }

        return uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(environment(CaBundleVariable)) ? null : new SsmEndpoint(uri, signingRegion);
    }

    // AWS_ENDPOINT_URL_SSM, then AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true (as AwsEndpoints does).
    private static string? ConfiguredUrl(Func<string, string?> environment) =>
        string.Equals(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase) ? null
        : environment("AWS_ENDPOINT_URL_SSM") is { Length: > 0 } service ? service
        : environment("AWS_ENDPOINT_URL") is { Length: > 0 } global ? global
        : null;

    private static string? RegionFromChain()
    {
        try
        {
            return AwsDefaultChain.ResolveRegion();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    // The shared config file (AWS_CONFIG_FILE or ~/.aws/config) with a key that changes the endpoint or the TLS trust.
    private static bool ConfigNeedsSdk(Func<string, string?> environment, Func<string, bool> exists, Func<string, string> read)
    {
        var home = environment("HOME");
        var path = environment("AWS_CONFIG_FILE") is { Length: > 0 } configured ? configured
            : string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".aws", "config");
        if (path is null || !exists(path))
        {
            return false;
        }

        try
        {
            var text = read(path);
            return SdkOnlyConfigKeys.Any(key => text.Contains(key, StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true; // the SDK will say what is wrong with it
        }
    }
}

namespace GapTools.Core.Signing;

/// <summary>Endpoint resolution the way the AWS SDKs do it, for services called without an SDK client.</summary>
public static class AwsEndpoints
{
    /// <summary>
    /// The endpoint for a service: <paramref name="explicitUrl"/> if given, else <c>AWS_ENDPOINT_URL_&lt;SUFFIX&gt;</c>,
    /// else <c>AWS_ENDPOINT_URL</c> (both skipped when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c>), else
    /// <paramref name="defaultUrl"/>.
    /// </summary>
    /// <param name="serviceEnvSuffix">The SDK service id upper-cased with underscores, for example <c>REDSHIFT_DATA</c>, <c>CLOUDSEARCH_DOMAIN</c>.</param>
    /// <param name="defaultUrl">The public endpoint, for example from <see cref="Regional"/>.</param>
    /// <param name="explicitUrl">A URL from the tool's own configuration; wins over the environment.</param>
    public static Uri Resolve(string serviceEnvSuffix, string defaultUrl, string? explicitUrl = null) =>
        Resolve(serviceEnvSuffix, defaultUrl, explicitUrl, Environment.GetEnvironmentVariable);

    /// <summary>The public regional endpoint, <c>https://{endpointPrefix}.{region}.amazonaws.com</c> (<c>.com.cn</c> in China).</summary>
    public static string Regional(string endpointPrefix, string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointPrefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return $"https://{endpointPrefix}.{region}.{suffix}";
    }

    internal static Uri Resolve(string serviceEnvSuffix, string defaultUrl, string? explicitUrl, Func<string, string?> environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceEnvSuffix);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultUrl);
        if (!string.IsNullOrWhiteSpace(explicitUrl))
        {
            return Parse(explicitUrl, "the configured endpoint");
        }

        if (!string.Equals(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            var serviceVariable = $"AWS_ENDPOINT_URL_{serviceEnvSuffix}";
            if (environment(serviceVariable) is { Length: > 0 } serviceUrl)
            {
                return Parse(serviceUrl, serviceVariable);
            }

            if (environment("AWS_ENDPOINT_URL") is { Length: > 0 } globalUrl)
            {
                return Parse(globalUrl, "AWS_ENDPOINT_URL");
            }
        }

        return Parse(defaultUrl, "the default endpoint");
    }

    private static Uri Parse(string url, string source) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new InvalidOperationException($"The URL in {source} is not an absolute http(s) URL.");
}

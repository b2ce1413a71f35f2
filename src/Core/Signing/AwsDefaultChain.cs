using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace GapTools.Core.Signing;

/// <summary>The AWS SDK's default credential and region resolution, for clients built without an SDK client.</summary>
public static class AwsDefaultChain
{
    /// <summary>
    /// Credentials from the SDK's default chain (environment, profile, web identity, SSO, container, EC2 instance
    /// role). The returned object refreshes itself when its credentials expire.
    /// </summary>
    public static AWSCredentials ResolveCredentials() => DefaultAWSCredentialsIdentityResolver.GetCredentials(null);

    /// <summary>
    /// <paramref name="explicitRegion"/> if given, else the SDK's fallback chain (<c>AWS_REGION</c>,
    /// <c>AWS_DEFAULT_REGION</c>, profile, instance metadata).
    /// </summary>
    /// <exception cref="InvalidOperationException">No region could be found.</exception>
    public static string ResolveRegion(string? explicitRegion = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitRegion))
        {
            return explicitRegion.Trim();
        }

        return FallbackRegionFactory.GetRegionEndpoint()?.SystemName
            ?? throw new InvalidOperationException("No AWS region is configured: set AWS_REGION or configure a region in the tool's options.");
    }
}

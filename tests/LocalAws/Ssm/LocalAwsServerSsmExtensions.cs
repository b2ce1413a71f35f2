using Amazon;
using Amazon.SimpleSystemsManagement;

namespace GapTools.LocalAws.Ssm;

/// <summary>SSM clients wired to a <see cref="LocalAwsServer"/>.</summary>
public static class LocalAwsServerSsmExtensions
{
    /// <summary>
    /// A real <see cref="AmazonSimpleSystemsManagementClient"/> for the server: its URL, us-east-1, the server's
    /// default credentials and <c>MaxErrorRetry = 0</c> (tests see raw behaviour; <paramref name="configure"/> may change it).
    /// </summary>
    public static AmazonSimpleSystemsManagementClient CreateSsmClient(this LocalAwsServer server, Action<AmazonSimpleSystemsManagementConfig>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var config = new AmazonSimpleSystemsManagementConfig
        {
            ServiceURL = server.ServiceUrl.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        };
        configure?.Invoke(config);
        return new AmazonSimpleSystemsManagementClient(server.AwsCredentials, config);
    }
}

using Amazon;
using Amazon.S3;

namespace GapTools.LocalAws.S3;

/// <summary>Ready S3 clients for a running <see cref="LocalAwsServer"/>.</summary>
public static class S3ClientFactory
{
    /// <summary>
    /// An <see cref="AmazonS3Client"/> for the server: path-style addressing, us-east-1, the server's default credentials,
    /// and <c>MaxErrorRetry = 0</c> so tests see raw behaviour (override in <paramref name="configure"/>).
    /// </summary>
    public static AmazonS3Client CreateS3Client(this LocalAwsServer server, Action<AmazonS3Config>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var config = new AmazonS3Config
        {
            ServiceURL = server.ServiceUrl.ToString(),
            AuthenticationRegion = RegionEndpoint.USEast1.SystemName,
            ForcePathStyle = true,
            MaxErrorRetry = 0,
        };
        configure?.Invoke(config);
        return new AmazonS3Client(server.AwsCredentials, config);
    }
}

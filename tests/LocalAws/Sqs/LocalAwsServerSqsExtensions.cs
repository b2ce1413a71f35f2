using Amazon;
using Amazon.SQS;

// In the root namespace so `server.CreateSqsClient()` needs no extra using.
namespace GapTools.LocalAws;

/// <summary>Ready-made SQS clients for a running <see cref="LocalAwsServer"/>.</summary>
public static class LocalAwsServerSqsExtensions
{
    /// <summary>
    /// An <see cref="AmazonSQSClient"/> pointed at the server, us-east-1, with the server's credentials and
    /// <c>MaxErrorRetry = 0</c> so tests see raw behaviour (override in <paramref name="configure"/>).
    /// </summary>
    public static AmazonSQSClient CreateSqsClient(this LocalAwsServer server, Action<AmazonSQSConfig>? configure = null)
    {
        var config = new AmazonSQSConfig
        {
            ServiceURL = server.ServiceUrl.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        };
        configure?.Invoke(config);
        return new AmazonSQSClient(server.AwsCredentials, config);
    }

    /// <summary>The URL of a queue on this server: <c>{ServiceUrl}/000000000000/{name}</c>.</summary>
    public static string SqsQueueUrl(this LocalAwsServer server, string queueName) =>
        server.State.Sqs.QueueUrl(server.ServiceUrl, queueName);
}

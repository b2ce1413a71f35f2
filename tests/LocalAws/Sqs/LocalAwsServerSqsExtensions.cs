using Amazon;
using Amazon.SQS;
using Amazon.SQS.Model;

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

    /// <summary>
    /// Receives (through the SQS API) until <paramref name="count"/> messages holding an <c>ObjectCreated</c> event
    /// have come, skipping the <c>s3:TestEvent</c> S3 sends when a notification is configured. The messages stay in
    /// flight, as with a Lambda event source mapping.
    /// </summary>
    public static async Task<List<Message>> ReceiveObjectCreatedAsync(this LocalAwsServer server, string queueName, int count, CancellationToken cancellationToken)
    {
        using var sqs = server.CreateSqsClient();
        var url = server.SqsQueueUrl(queueName);
        var messages = new List<Message>();
        while (messages.Count < count)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, cancellationToken);
            messages.AddRange((received.Messages ?? []).Where(m => m.Body.Contains("ObjectCreated", StringComparison.Ordinal)));
        }

        return messages;
    }
}

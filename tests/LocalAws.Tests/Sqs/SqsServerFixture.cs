using Amazon.SQS;
using Amazon.SQS.Model;
using GapTools.LocalAws.Sqs;

namespace GapTools.LocalAws.Tests.Sqs;

/// <summary>One LocalAws server (real clock) per test class, with a raw (no-retry) SQS client.</summary>
public class SqsServerFixture : IAsyncLifetime
{
    private int queueCounter;

    public LocalAwsServer Server { get; private set; } = null!;

    public AmazonSQSClient Client { get; private set; } = null!;

    protected virtual LocalAwsOptions Options => new();

    public async ValueTask InitializeAsync()
    {
        Server = await LocalAwsServer.StartAsync(Options);
        Client = Server.CreateSqsClient();
    }

    /// <summary>A fresh queue per test, so tests in a class never see each other's messages.</summary>
    public async Task<string> NewQueueAsync(string prefix, Dictionary<string, string>? attributes = null)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref queueCounter)}";
        var response = await Client.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes });
        return response.QueueUrl;
    }

    public SqsQueueSnapshot Snapshot(string queueUrl) => Server.State.Sqs.Snapshot(queueUrl);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same, on a manual clock: tests move time to expire visibility timeouts and delays.</summary>
public sealed class SqsManualClockFixture : SqsServerFixture
{
    // Starts at the real time: the SigV4 verifier rejects requests more than 15 minutes off its clock.
    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override LocalAwsOptions Options => new() { Time = Clock };
}

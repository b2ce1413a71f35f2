using System.Diagnostics;
using Amazon.SQS.Model;

namespace GapTools.LocalAws.Tests.Sqs;

/// <summary>Stopping a server must not wait out open long polls (tests would pay up to 20 s per fixture).</summary>
public sealed class SqsShutdownTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stopping_the_server_ends_open_long_polls_at_once()
    {
        var server = await LocalAwsServer.StartAsync(cancellationToken: Ct);
        using var client = server.CreateSqsClient();
        var queueUrl = (await client.CreateQueueAsync("stop", Ct)).QueueUrl;
        var poll = client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 20 }, Ct);
        await SqsTestWaits.LongPollersAsync(server, queueUrl);
        var stopping = Stopwatch.StartNew();

        await server.DisposeAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopping.Elapsed.TotalSeconds:0.0} s");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => poll);
        Assert.IsNotType<OperationCanceledException>(error);
    }
}

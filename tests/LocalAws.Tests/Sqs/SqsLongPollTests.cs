using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace GapTools.LocalAws.Tests.Sqs;

/// <summary>Long polling on the real clock: returns as soon as a message can be received, else after WaitTimeSeconds.</summary>
public sealed class SqsLongPollTests(SqsServerFixture fixture) : IClassFixture<SqsServerFixture>
{
    private readonly AmazonSQSClient sqs = fixture.Client;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Long_poll_returns_as_soon_as_a_message_is_sent_mid_wait()
    {
        var queueUrl = await fixture.NewQueueAsync("long-poll-wake");
        var started = Stopwatch.StartNew();
        var receive = sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 20 }, Ct);
        await SqsTestWaits.LongPollersAsync(fixture.Server, queueUrl);

        var sentAt = started.Elapsed;
        await sqs.SendMessageAsync(queueUrl, "wake up", Ct);
        var received = await receive;
        var wokeAfter = started.Elapsed - sentAt;

        Assert.Equal("wake up", Assert.Single(received.Messages).Body);
        Assert.True(wokeAfter < TimeSpan.FromSeconds(2), $"woke {wokeAfter.TotalMilliseconds:0} ms after the send");
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed.TotalSeconds:0.0} s of a 20 s wait");
    }

    [Fact]
    public async Task Long_poll_returns_empty_after_the_wait_time()
    {
        var queueUrl = await fixture.NewQueueAsync("long-poll-empty");
        var started = Stopwatch.StartNew();

        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 1 }, Ct);

        Assert.Null(received.Messages);
        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Queue_ReceiveMessageWaitTimeSeconds_is_the_default_wait()
    {
        var queueUrl = await fixture.NewQueueAsync("long-poll-queue-default", new() { ["ReceiveMessageWaitTimeSeconds"] = "20" });
        var receive = sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl }, Ct);
        await SqsTestWaits.LongPollersAsync(fixture.Server, queueUrl);

        await sqs.SendMessageAsync(queueUrl, "arrives during the queue's default wait", Ct);

        Assert.Single((await receive).Messages);
    }

    [Fact]
    public async Task Long_poll_wakes_when_an_in_flight_message_becomes_visible_again()
    {
        var queueUrl = await fixture.NewQueueAsync("long-poll-visibility");
        await sqs.SendMessageAsync(queueUrl, "comes back", Ct);
        await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, VisibilityTimeout = 1 }, Ct);
        var started = Stopwatch.StartNew();

        var again = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            WaitTimeSeconds = 10,
            MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        }, Ct);

        Assert.Equal("2", Assert.Single(again.Messages).Attributes["ApproximateReceiveCount"]);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"took {started.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_client_that_gives_up_ends_its_long_poll_on_the_server()
    {
        var queueUrl = await fixture.NewQueueAsync("long-poll-abort");
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var receive = sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 20 }, giveUp.Token);
        await SqsTestWaits.LongPollersAsync(fixture.Server, queueUrl);

        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive);
        await SqsTestWaits.LongPollersAsync(fixture.Server, queueUrl, count: 0);
        await sqs.SendMessageAsync(queueUrl, "not swallowed by the abandoned poll", Ct);
        Assert.Single((await sqs.ReceiveMessageAsync(queueUrl, Ct)).Messages);
    }
}

using Amazon.SQS;
using Amazon.SQS.Model;
using GapTools.LocalAws.Sqs;

namespace GapTools.LocalAws.Tests.Sqs;

/// <summary>Visibility timeouts and receipt handles, on a manual clock so nothing waits on real time.</summary>
public sealed class SqsVisibilityTests(SqsManualClockFixture fixture) : IClassFixture<SqsManualClockFixture>
{
    private readonly AmazonSQSClient sqs = fixture.Client;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_received_message_is_invisible_then_visible_again_with_receive_count_2()
    {
        var queueUrl = await fixture.NewQueueAsync("visibility", new() { ["VisibilityTimeout"] = "10" });
        await sqs.SendMessageAsync(queueUrl, "once more", Ct);

        var first = Assert.Single((await ReceiveAsync(queueUrl)).Messages);
        Assert.Null((await ReceiveAsync(queueUrl)).Messages);
        fixture.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Null((await ReceiveAsync(queueUrl)).Messages);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = Assert.Single((await ReceiveAsync(queueUrl)).Messages);

        Assert.Equal(first.MessageId, second.MessageId);
        Assert.NotEqual(first.ReceiptHandle, second.ReceiptHandle);
        Assert.Equal(("1", "2"), (first.Attributes["ApproximateReceiveCount"], second.Attributes["ApproximateReceiveCount"]));
        Assert.Equal(first.Attributes["ApproximateFirstReceiveTimestamp"], second.Attributes["ApproximateFirstReceiveTimestamp"]);
    }

    [Fact]
    public async Task Receive_VisibilityTimeout_overrides_the_queue_setting()
    {
        var queueUrl = await fixture.NewQueueAsync("visibility-override", new() { ["VisibilityTimeout"] = "600" });
        await sqs.SendMessageAsync(queueUrl, "short", Ct);

        await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, VisibilityTimeout = 2 }, Ct);
        fixture.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Single((await ReceiveAsync(queueUrl)).Messages);
    }

    [Fact]
    public async Task ChangeMessageVisibility_0_releases_the_message_at_once()
    {
        var queueUrl = await fixture.NewQueueAsync("release");
        await sqs.SendMessageAsync(queueUrl, "release me", Ct);
        var message = Assert.Single((await ReceiveAsync(queueUrl)).Messages);

        await sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 0, Ct);

        Assert.Equal(new SqsQueueSnapshot(1, 0, 0), fixture.Snapshot(queueUrl));
        Assert.Equal("2", Assert.Single((await ReceiveAsync(queueUrl)).Messages).Attributes["ApproximateReceiveCount"]);
    }

    [Fact]
    public async Task ChangeMessageVisibility_extends_the_invisibility()
    {
        var queueUrl = await fixture.NewQueueAsync("extend", new() { ["VisibilityTimeout"] = "10" });
        await sqs.SendMessageAsync(queueUrl, "keep working", Ct);
        var message = Assert.Single((await ReceiveAsync(queueUrl)).Messages);

        fixture.Clock.Advance(TimeSpan.FromSeconds(8));
        await sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 30, Ct);
        fixture.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Null((await ReceiveAsync(queueUrl)).Messages);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Single((await ReceiveAsync(queueUrl)).Messages);
    }

    [Fact]
    public async Task A_stale_receipt_handle_does_not_delete_and_the_latest_one_does()
    {
        var queueUrl = await fixture.NewQueueAsync("stale-handle", new() { ["VisibilityTimeout"] = "5" });
        await sqs.SendMessageAsync(queueUrl, "received twice", Ct);
        var first = Assert.Single((await ReceiveAsync(queueUrl)).Messages);
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        var second = Assert.Single((await ReceiveAsync(queueUrl)).Messages);

        await sqs.DeleteMessageAsync(queueUrl, first.ReceiptHandle, Ct);
        Assert.Equal(new SqsQueueSnapshot(0, 1, 0), fixture.Snapshot(queueUrl));

        await sqs.DeleteMessageAsync(queueUrl, second.ReceiptHandle, Ct);
        Assert.Equal(new SqsQueueSnapshot(0, 0, 0), fixture.Snapshot(queueUrl));

        // Deleting an already deleted message with a well-formed handle succeeds, as on AWS.
        await sqs.DeleteMessageAsync(queueUrl, second.ReceiptHandle, Ct);
    }

    [Fact]
    public async Task Receipt_handle_errors_match_AWS()
    {
        var queueUrl = await fixture.NewQueueAsync("handle-errors", new() { ["VisibilityTimeout"] = "5" });
        await sqs.SendMessageAsync(queueUrl, "x", Ct);
        var first = Assert.Single((await ReceiveAsync(queueUrl)).Messages);

        var malformed = await Assert.ThrowsAsync<ReceiptHandleIsInvalidException>(() => sqs.DeleteMessageAsync(queueUrl, "garbage", Ct));
        Assert.Equal("ReceiptHandleIsInvalid", malformed.ErrorCode);
        await Assert.ThrowsAsync<ReceiptHandleIsInvalidException>(() => sqs.ChangeMessageVisibilityAsync(queueUrl, "garbage", 10, Ct));

        // The visibility timeout ran out: the handle is still the latest but the message is no longer in flight.
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        var notInflight = await Assert.ThrowsAsync<MessageNotInflightException>(() => sqs.ChangeMessageVisibilityAsync(queueUrl, first.ReceiptHandle, 10, Ct));
        Assert.Equal("AWS.SimpleQueueService.MessageNotInflight", notInflight.ErrorCode);

        // Received again: the first handle is stale now.
        Assert.Single((await ReceiveAsync(queueUrl)).Messages);
        await Assert.ThrowsAsync<ReceiptHandleIsInvalidException>(() => sqs.ChangeMessageVisibilityAsync(queueUrl, first.ReceiptHandle, 10, Ct));
    }

    [Fact]
    public async Task Visibility_cannot_exceed_12_hours_from_the_receive()
    {
        var queueUrl = await fixture.NewQueueAsync("twelve-hours");
        await sqs.SendMessageAsync(queueUrl, "x", Ct);
        var message = Assert.Single((await ReceiveAsync(queueUrl)).Messages);

        await sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 43_200, Ct);
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        var beyond = await Assert.ThrowsAsync<AmazonSQSException>(() => sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 43_195, Ct));
        var outOfRange = await Assert.ThrowsAsync<AmazonSQSException>(() => sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 43_201, Ct));

        Assert.Equal(("InvalidParameterValue", "InvalidParameterValue"), (beyond.ErrorCode, outOfRange.ErrorCode));
        Assert.Contains("beyond the limit", beyond.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeMessageVisibilityBatch_reports_each_entry()
    {
        var queueUrl = await fixture.NewQueueAsync("visibility-batch");
        await sqs.SendMessageBatchAsync(queueUrl, [new("1", "a"), new("2", "b")], Ct);
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10 }, Ct);

        var response = await sqs.ChangeMessageVisibilityBatchAsync(queueUrl,
        [
            new ChangeMessageVisibilityBatchRequestEntry("release", received.Messages[0].ReceiptHandle) { VisibilityTimeout = 0 },
            new ChangeMessageVisibilityBatchRequestEntry("extend", received.Messages[1].ReceiptHandle) { VisibilityTimeout = 300 },
            new ChangeMessageVisibilityBatchRequestEntry("broken", "garbage") { VisibilityTimeout = 0 },
        ], Ct);

        Assert.Equal(["extend", "release"], response.Successful.Select(s => s.Id).Order());
        Assert.Equal(("broken", "ReceiptHandleIsInvalid"), (Assert.Single(response.Failed).Id, response.Failed[0].Code));
        Assert.Equal(new SqsQueueSnapshot(1, 1, 0), fixture.Snapshot(queueUrl));
    }

    [Fact]
    public async Task Delayed_messages_are_counted_as_delayed_until_due()
    {
        var queueUrl = await fixture.NewQueueAsync("delay");
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = "later", DelaySeconds = 30 }, Ct);

        Assert.Equal(new SqsQueueSnapshot(0, 0, 1), fixture.Snapshot(queueUrl));
        Assert.Null((await ReceiveAsync(queueUrl)).Messages);
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(new SqsQueueSnapshot(1, 0, 0), fixture.Snapshot(queueUrl));
        Assert.Single((await ReceiveAsync(queueUrl)).Messages);
    }

    [Fact]
    public async Task Messages_older_than_the_retention_period_expire()
    {
        var queueUrl = await fixture.NewQueueAsync("retention", new() { ["MessageRetentionPeriod"] = "60" });
        await sqs.SendMessageAsync(queueUrl, "short-lived", Ct);

        fixture.Clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Null((await ReceiveAsync(queueUrl)).Messages);
        Assert.Equal(0, fixture.Snapshot(queueUrl).Total);
    }

    private Task<ReceiveMessageResponse> ReceiveAsync(string queueUrl) =>
        sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MessageSystemAttributeNames = ["All"] }, Ct);
}

using Amazon.SQS;
using Amazon.SQS.Model;
using GapTools.LocalAws.Sqs;

namespace GapTools.LocalAws.Tests.Sqs;

/// <summary>RedrivePolicy: after maxReceiveCount receives a message moves to the dead-letter queue.</summary>
public sealed class SqsRedriveTests(SqsManualClockFixture fixture) : IClassFixture<SqsManualClockFixture>
{
    private readonly AmazonSQSClient sqs = fixture.Client;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_received_maxReceiveCount_times_moves_to_the_dead_letter_queue()
    {
        var dlqUrl = await fixture.NewQueueAsync("orders-dlq");
        var dlqArn = (await sqs.GetQueueAttributesAsync(dlqUrl, ["QueueArn"], Ct)).QueueARN;
        var queueUrl = await fixture.NewQueueAsync("orders", new()
        {
            ["VisibilityTimeout"] = "5",
            ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":\"2\"}}",
        });
        var sourceArn = fixture.Server.State.Sqs.QueueArn(queueUrl.Split('/')[^1]);
        var sent = await sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = "poison",
            MessageAttributes = new() { ["kind"] = new() { DataType = "String", StringValue = "bad" } },
        }, Ct);

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            Assert.Equal(sent.MessageId, Assert.Single((await ReceiveAsync(queueUrl)).Messages).MessageId);
            fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        }

        // The third receive would exceed maxReceiveCount: the message moves instead of being delivered.
        Assert.Null((await ReceiveAsync(queueUrl)).Messages);
        Assert.Equal(0, fixture.Snapshot(queueUrl).Total);
        Assert.Equal(new SqsQueueSnapshot(1, 0, 0), fixture.Snapshot(dlqUrl));

        var dead = Assert.Single((await ReceiveAsync(dlqUrl)).Messages);
        Assert.Equal((sent.MessageId, "poison", "bad"), (dead.MessageId, dead.Body, dead.MessageAttributes["kind"].StringValue));
        Assert.Equal(sourceArn, dead.Attributes["DeadLetterQueueSourceArn"]);
    }

    [Fact]
    public async Task RedrivePolicy_is_reported_and_validated()
    {
        var dlqUrl = await fixture.NewQueueAsync("policy-dlq");
        var dlqArn = fixture.Server.State.Sqs.QueueArn(dlqUrl.Split('/')[^1]);
        var queueUrl = await fixture.NewQueueAsync("policy-source");

        await sqs.SetQueueAttributesAsync(queueUrl, new() { ["RedrivePolicy"] = $"{{\"maxReceiveCount\":\"3\",\"deadLetterTargetArn\":\"{dlqArn}\"}}" }, Ct);
        var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["RedrivePolicy"], Ct);

        Assert.Equal($"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":3}}", attributes.Attributes["RedrivePolicy"]);
        var missingTarget = await Assert.ThrowsAsync<AmazonSQSException>(() => sqs.SetQueueAttributesAsync(queueUrl, new()
        {
            ["RedrivePolicy"] = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:nowhere\",\"maxReceiveCount\":3}",
        }, Ct));
        var badCount = await Assert.ThrowsAsync<AmazonSQSException>(() => sqs.SetQueueAttributesAsync(queueUrl, new()
        {
            ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":0}}",
        }, Ct));
        Assert.Equal(("InvalidParameterValue", "InvalidParameterValue"), (missingTarget.ErrorCode, badCount.ErrorCode));

        await sqs.SetQueueAttributesAsync(queueUrl, new() { ["RedrivePolicy"] = "" }, Ct);
        Assert.False((await sqs.GetQueueAttributesAsync(queueUrl, ["All"], Ct)).Attributes.ContainsKey("RedrivePolicy"));
    }

    private Task<ReceiveMessageResponse> ReceiveAsync(string queueUrl) => sqs.ReceiveMessageAsync(new ReceiveMessageRequest
    {
        QueueUrl = queueUrl,
        MessageSystemAttributeNames = ["All"],
        MessageAttributeNames = ["All"],
    }, Ct);
}

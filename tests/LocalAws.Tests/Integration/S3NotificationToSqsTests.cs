using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using GapTools.LocalAws.S3;

namespace GapTools.LocalAws.Tests.Integration;

/// <summary>S3 puts reach real SQS queues in each notification shape, through the SDK clients on both ends.</summary>
public sealed class S3NotificationToSqsTests : IAsyncLifetime
{
    private LocalAwsServer server = null!;

    public async ValueTask InitializeAsync() => server = await LocalAwsServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Direct_sns_and_eventbridge_notifications_arrive_in_their_queues()
    {
        var ct = TestContext.Current.CancellationToken;
        using var s3 = server.CreateS3Client();
        using var sqs = server.CreateSqsClient();
        foreach (var name in new[] { "direct", "via-topic", "via-eventbridge" })
        {
            await sqs.CreateQueueAsync(name, ct);
        }

        // One bucket per shape: S3 refuses configurations that share an event type on one bucket.
        foreach (var bucket in new[] { "direct-b", "sns-b", "eventbridge-b" })
        {
            await s3.PutBucketAsync(bucket, ct);
        }

        await s3.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = "direct-b",
            QueueConfigurations = [new QueueConfiguration { Queue = "arn:aws:sqs:us-east-1:000000000000:direct", Events = ["s3:ObjectCreated:*"] }],
        }, ct);
        await s3.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = "sns-b",
            TopicConfigurations = [new TopicConfiguration { Topic = "arn:aws:sns:us-east-1:000000000000:via-topic", Events = ["s3:ObjectCreated:*"] }],
        }, ct);
        await s3.PutBucketNotificationAsync(new PutBucketNotificationRequest { BucketName = "eventbridge-b", EventBridgeConfiguration = new EventBridgeConfiguration() }, ct);
        server.State.S3.SetEventBridgeTarget("via-eventbridge");
        await PurgeTestEventsAsync(sqs, ct);

        foreach (var bucket in new[] { "direct-b", "sns-b", "eventbridge-b" })
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "in/my file+1.json", ContentBody = "{}" }, ct);
        }

        var direct = JsonNode.Parse(await ReceiveOneAsync(sqs, "direct", ct))!;
        Assert.Equal("in/my+file%2B1.json", (string?)direct["Records"]![0]!["s3"]!["object"]!["key"]);

        var sns = JsonNode.Parse(await ReceiveOneAsync(sqs, "via-topic", ct))!;
        Assert.Equal("Notification", (string?)sns["Type"]);
        Assert.Contains("in/my+file%2B1.json", (string?)sns["Message"], StringComparison.Ordinal);

        var eventBridge = JsonNode.Parse(await ReceiveOneAsync(sqs, "via-eventbridge", ct))!;
        Assert.Equal("Object Created", (string?)eventBridge["detail-type"]);
        Assert.Equal("in/my file+1.json", (string?)eventBridge["detail"]!["object"]!["key"]);
    }

    private async Task PurgeTestEventsAsync(Amazon.SQS.AmazonSQSClient sqs, CancellationToken ct)
    {
        foreach (var name in new[] { "direct", "via-topic" })
        {
            Assert.Contains("s3:TestEvent", await ReceiveOneAsync(sqs, name, ct), StringComparison.Ordinal);
        }
    }

    private async Task<string> ReceiveOneAsync(Amazon.SQS.AmazonSQSClient sqs, string queue, CancellationToken ct)
    {
        var url = server.SqsQueueUrl(queue);
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 2 }, ct);
        var message = Assert.Single(response.Messages!);
        await sqs.DeleteMessageAsync(url, message.ReceiptHandle, ct);
        return message.Body;
    }
}

using System.Globalization;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace GapTools.Demo.World;

/// <summary>
/// The usual wiring in front of a worker, made through the real S3 and SQS APIs: a bucket, a queue with a
/// dead-letter queue (redrive after <see cref="MaxReceiveCount"/> receives) and a bucket notification that sends
/// every "object created" event under a prefix to the queue.
/// </summary>
internal sealed record NotifiedBucket(string Bucket, string Prefix, string Queue, string QueueUrl, string DeadLetterQueue, string DeadLetterQueueUrl)
{
    public const int MaxReceiveCount = 3;

    public static async Task<NotifiedBucket> CreateAsync(
        IAmazonS3 s3, IAmazonSQS sqs, string bucket, string prefix, string queue, CancellationToken cancellationToken)
    {
        var deadLetterQueue = queue + "-dlq";
        var deadLetterUrl = (await sqs.CreateQueueAsync(deadLetterQueue, cancellationToken)).QueueUrl;
        var deadLetterArn = (await sqs.GetQueueAttributesAsync(deadLetterUrl, ["QueueArn"], cancellationToken)).QueueARN;
        var redrive = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["deadLetterTargetArn"] = deadLetterArn,
            ["maxReceiveCount"] = MaxReceiveCount.ToString(CultureInfo.InvariantCulture),
        });
        var queueUrl = (await sqs.CreateQueueAsync(
            new CreateQueueRequest { QueueName = queue, Attributes = new() { ["RedrivePolicy"] = redrive, ["VisibilityTimeout"] = "60" } },
            cancellationToken)).QueueUrl;
        var queueArn = (await sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"], cancellationToken)).QueueARN;

        await s3.PutBucketAsync(bucket, cancellationToken);
        await s3.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = bucket,
            QueueConfigurations =
            [
                new QueueConfiguration
                {
                    Id = queue,
                    Queue = queueArn,
                    Events = [EventType.ObjectCreatedAll],
                    Filter = new Filter { S3KeyFilter = new S3KeyFilter { FilterRules = [new FilterRule("prefix", prefix)] } },
                },
            ],
        }, cancellationToken);
        return new NotifiedBucket(bucket, prefix, queue, queueUrl, deadLetterQueue, deadLetterUrl);
    }

    public override string ToString() =>
        $"s3://{Bucket}/{Prefix}* --(ObjectCreated)--> SQS {Queue} (redrive to {DeadLetterQueue} after {MaxReceiveCount} receives)";
}

using System.Collections.Concurrent;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using GapTools.Core.Sqs;
using GapTools.Core.Workers;
using GapTools.LocalAws;
using GapTools.LocalAws.S3;
using Microsoft.Extensions.DependencyInjection;

namespace GapTools.Core.Tests.Workers;

/// <summary>
/// The shared worker host over real HTTP: LocalAws S3 notifications into a LocalAws SQS queue, the real SDK
/// clients, the real consumer loop; the only stand-in is the tool's object handler, which records what it saw.
/// </summary>
public sealed class WorkerHostEndToEndTests : IAsyncLifetime
{
    private LocalAwsServer server = null!;
    private AmazonS3Client s3 = null!;
    private AmazonSQSClient sqs = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        server = await LocalAwsServer.StartAsync(cancellationToken: Ct);
        s3 = server.CreateS3Client();
        sqs = server.CreateSqsClient();
        await sqs.CreateQueueAsync("work", Ct);
        await sqs.CreateQueueAsync("work-dlq", Ct);
        await s3.PutBucketAsync("data", Ct);
        await s3.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = "data",
            QueueConfigurations = [new QueueConfiguration { Queue = "arn:aws:sqs:us-east-1:000000000000:work", Events = ["s3:ObjectCreated:*"] }],
        }, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        s3.Dispose();
        sqs.Dispose();
        await server.DisposeAsync();
    }

    private sealed class RecordingHandler : IS3ObjectsHandler
    {
        public ConcurrentBag<string> Keys { get; } = [];

        public Task<MessageDisposition> HandleAsync(S3ObjectsWork work, CancellationToken cancellationToken)
        {
            foreach (var created in work.Objects)
            {
                Keys.Add(created.Object.Key);
            }

            return Task.FromResult(MessageDisposition.Delete);
        }
    }

    private Task<int> RunAsync(WorkerInvocation invocation, RecordingHandler handler) =>
        WorkerHost.RunAsync(invocation, new Dictionary<string, string?>
        {
            ["Sqs:Queue"] = "work",
            ["Sqs:DeadLetterQueue"] = "work-dlq",
            ["Sqs:Consumer:WaitTime"] = "00:00:01",
        }, builder =>
        {
            builder.Services.AddSingleton<IAmazonSQS>(server.CreateSqsClient());
            builder.Services.AddSingleton<IAmazonS3>(server.CreateS3Client());
            builder.Services.AddSingleton<IS3ObjectsHandler>(handler);
        }, Ct);

    [Fact]
    public async Task Batch_mode_drains_the_queue_dead_letters_a_malformed_message_and_exits_0()
    {
        foreach (var key in new[] { "in/a.json", "in/b c.json", "in/d+e.json" })
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = key, ContentBody = "{}" }, Ct);
        }

        await sqs.SendMessageAsync(server.SqsQueueUrl("work"), "this is not an S3 event", Ct);
        var handler = new RecordingHandler();

        var exit = await RunAsync(new WorkerInvocation { Batch = true }, handler);

        Assert.Equal(0, exit);
        Assert.Equal(["in/a.json", "in/b c.json", "in/d+e.json"], handler.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, server.State.Sqs.Snapshot("work").Total);
        var dead = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = server.SqsQueueUrl("work-dlq"), MessageAttributeNames = ["All"] }, Ct);
        var message = Assert.Single(dead.Messages!);
        Assert.Equal("this is not an S3 event", message.Body);
        Assert.Contains("not valid JSON", message.MessageAttributes![SqsConsumer.DeadLetterReasonAttribute].StringValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backfill_hands_every_listed_object_to_the_tool_without_touching_the_queue()
    {
        for (var i = 0; i < 7; i++)
        {
            server.State.S3.PutObject("data", $"old/{i}.json", "{}"u8.ToArray());
        }

        await sqs.PurgeQueueAsync(server.SqsQueueUrl("work"), Ct);
        var handler = new RecordingHandler();

        var exit = await RunAsync(new WorkerInvocation { Backfill = S3Uri.Parse("s3://data/old/") }, handler);

        Assert.Equal(0, exit);
        Assert.Equal(7, handler.Keys.Count);
    }

    [Fact]
    public async Task An_event_file_with_a_bad_line_processes_the_rest_and_exits_1()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """
            {"Records":[{"eventSource":"aws:s3","eventTime":"2026-11-23T10:00:00.000Z","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"data"},"object":{"key":"x.json","size":3}}}]}
            {broken
            """, Ct);
        var handler = new RecordingHandler();

        var exit = await RunAsync(new WorkerInvocation { EventFile = file }, handler);

        Assert.Equal(1, exit);
        Assert.Equal(["x.json"], handler.Keys);
        File.Delete(file);
    }
}

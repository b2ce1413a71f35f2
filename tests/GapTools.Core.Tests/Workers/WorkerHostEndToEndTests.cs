using System.Collections.Concurrent;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.Extensions.NETCore.Setup;
using Amazon.SQS;
using Amazon.SQS.Model;
using GapTools.Cli;
using GapTools.LocalAws;
using GapTools.LocalAws.S3;
using GapTools.Workers;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GapTools.Core.Tests.Workers;

/// <summary>
/// The command-line host over real HTTP: LocalAws S3 notifications into a LocalAws SQS queue, real SDK clients
/// built from the tool's AWS section, the real consumer loop, the hosted-service adapter; the only stand-in is the
/// tool's sink, which records the keys it saw.
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

    /// <summary>A minimal worker built from the parts every tool uses: its own SQS client, triage, a recording sink.</summary>
    private sealed class RecordingWorker(SqsSourceOptions source, AWSOptions aws) : IS3Worker, ISqsMessageHandler
    {
        public ConcurrentBag<string> Keys { get; } = [];

        public string Name => "Tool";

        public async Task<SqsConsumerSummary> RunAsync(CancellationToken cancellationToken)
        {
            using var sqs = AwsSettings.CreateSqs(aws);
            var consumer = await SqsConsumers.OpenAsync(sqs, "Tool", source, this, TimeProvider.System, NullLoggerFactory.Instance, null, null, cancellationToken);
            return await consumer.RunAsync(cancellationToken);
        }

        public Task<MessageDisposition> HandleAsync(SqsMessage message, CancellationToken cancellationToken)
        {
            var (events, settled) = S3EventTriage.Read(message, NullLogger.Instance);
            return settled is not null ? Task.FromResult(settled) : ProcessAsync(S3WorkUnit.FromMessage(events.Created, message), cancellationToken);
        }

        public Task<MessageDisposition> ProcessAsync(S3WorkUnit work, CancellationToken cancellationToken)
        {
            foreach (var created in work.Objects)
            {
                Keys.Add(created.Object.Key);
            }

            return Task.FromResult(MessageDisposition.Delete);
        }

        public WorkerReadiness Readiness => WorkerReadiness.Ready("recording");

        public void FlushPending()
        {
        }

        public void BeginStop()
        {
        }

        public Task WriteDryRunAsync(TextWriter output, string? eventFile, CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class RecordingService(RecordingWorker worker, IHostApplicationLifetime lifetime, ILogger<RecordingService> logger)
        : S3WorkerService(worker, lifetime, logger);

    private async Task<(int Exit, RecordingWorker Worker)> RunAsync(WorkerInvocation invocation)
    {
        RecordingWorker? worker = null;
        var builder = WorkerHost.CreateBuilder(invocation, new Dictionary<string, string?>
        {
            ["Tool:Sqs:Queue"] = "work",
            ["Tool:Sqs:DeadLetterQueue"] = "work-dlq",
            ["Tool:Sqs:Consumer:WaitTime"] = "00:00:01",
            ["AWS:ServiceURL"] = "http://127.0.0.1:9",   // the standard section, overridden by the tool's own
            ["Tool:AWS:ServiceURL"] = server.ServiceUrl.ToString(),
            ["Tool:AWS:Region"] = "us-east-1",
            ["Tool:AWS:AccessKeyId"] = server.AwsCredentials.GetCredentials().AccessKey,
            ["Tool:AWS:SecretAccessKey"] = server.AwsCredentials.GetCredentials().SecretKey,
        }, "Tool");
        builder.Services.AddKeyedSingleton("Tool", (sp, _) => AwsSettings.Read(sp.GetRequiredService<IConfiguration>(), "Tool"));
        builder.Services.AddSingleton(sp =>
        {
            var source = new SqsSourceOptions();
            sp.GetRequiredService<IConfiguration>().GetSection("Tool:Sqs").Bind(source);
            return worker = new RecordingWorker(source, sp.GetRequiredKeyedService<AWSOptions>("Tool"));
        });
        builder.Services.AddHostedService<RecordingService>();
        using var host = builder.Build();
        var exit = await WorkerHost.RunAsync<RecordingWorker>(host, invocation, "Tool", Ct);
        return (exit, worker!);
    }

    [Fact]
    public async Task Batch_mode_drains_the_queue_dead_letters_a_malformed_message_and_exits_0()
    {
        foreach (var key in new[] { "in/a.json", "in/b c.json", "in/d+e.json" })
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = key, ContentBody = "{}" }, Ct);
        }

        await sqs.SendMessageAsync(server.SqsQueueUrl("work"), "this is not an S3 event", Ct);
        var (exit, worker) = await RunAsync(new WorkerInvocation { Batch = true });

        Assert.Equal(0, exit);
        Assert.Equal(["in/a.json", "in/b c.json", "in/d+e.json"], worker.Keys.Order(StringComparer.Ordinal));
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
        var (exit, worker) = await RunAsync(new WorkerInvocation { Backfill = S3Uri.Parse("s3://data/old/") });

        Assert.Equal(0, exit);
        Assert.Equal(7, worker.Keys.Count);
    }

    [Fact]
    public async Task An_event_file_with_a_bad_line_processes_the_rest_and_exits_1()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """
            {"Records":[{"eventSource":"aws:s3","eventTime":"2026-11-23T10:00:00.000Z","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"data"},"object":{"key":"x.json","size":3}}}]}
            {broken
            """, Ct);
        var (exit, worker) = await RunAsync(new WorkerInvocation { EventFile = file });

        Assert.Equal(1, exit);
        Assert.Equal(["x.json"], worker.Keys);
        File.Delete(file);
    }
}

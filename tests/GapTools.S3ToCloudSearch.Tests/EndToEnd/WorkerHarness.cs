using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Amazon.S3;
using Amazon.S3.Model;
using GapTools.Cli;
using GapTools.LocalAws;
using GapTools.LocalAws.CloudSearch;
using GapTools.LocalAws.S3;
using GapTools.S3ToCloudSearch.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GapTools.S3ToCloudSearch.Tests.EndToEnd;

/// <summary>
/// LocalAws with a bucket whose object-created events go to an SQS queue (and a dead-letter queue beside it). The
/// tool reaches it only through its own configuration keys (<c>S3ToCloudSearch:AWS:*</c>, <c>S3ToCloudSearch:Sqs:*</c>):
/// nothing is injected into its services.
/// </summary>
internal sealed class WorkerHarness : IAsyncDisposable
{
    public const string Bucket = "feed-bucket";
    public const string Queue = "feed";
    public const string DeadLetterQueue = "feed-dlq";

    private WorkerHarness(LocalAwsServer server, AmazonS3Client s3)
    {
        Server = server;
        S3 = s3;
    }

    public LocalAwsServer Server { get; }

    /// <summary>The test's own client (putting objects, reading results); never handed to the tool.</summary>
    public AmazonS3Client S3 { get; }

    public CloudSearchDomainState Domain(string name = CloudSearchStore.DefaultDomain) => Server.State.CloudSearch.Domain(name);

    /// <summary>AWS options aimed at this LocalAws (us-east-1, its credentials), for worker cores run without a host.</summary>
    public AWSOptions AwsOptions() => new()
    {
        Region = RegionEndpoint.USEast1,
        Credentials = Server.AwsCredentials,
        DefaultClientConfig = { ServiceURL = Server.ServiceUrl.ToString() },
    };

    public string DocumentEndpoint(string domain = CloudSearchStore.DefaultDomain) => CloudSearchStore.DocumentEndpoint(Server.ServiceUrl, domain).ToString();

    /// <summary>The server's access key pair, as the tool's AWS section takes it.</summary>
    public (string AccessKeyId, string SecretAccessKey) AccessKey
    {
        get
        {
            var credentials = Server.AwsCredentials.GetCredentials();
            return (credentials.AccessKey, credentials.SecretKey);
        }
    }

    /// <param name="maxReceiveCount">With a value, the queue's redrive policy moves a message to the dead-letter queue after that many receives.</param>
    public static async Task<WorkerHarness> StartAsync(int? maxReceiveCount = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await LocalAwsServer.StartAsync(cancellationToken: ct);
        server.State.Sqs.CreateQueue(DeadLetterQueue);
        server.State.Sqs.CreateQueue(Queue, maxReceiveCount is { } count
            ? new Dictionary<string, string>
            {
                ["RedrivePolicy"] = new System.Text.Json.Nodes.JsonObject { ["deadLetterTargetArn"] = server.State.Sqs.QueueArn(DeadLetterQueue), ["maxReceiveCount"] = count }.ToJsonString(),
            }
            : null);
        var s3 = server.CreateS3Client();
        await s3.PutBucketAsync(Bucket, ct);
        await s3.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = Bucket,
            QueueConfigurations = [new QueueConfiguration { Queue = server.State.Sqs.QueueArn(Queue), Events = ["s3:ObjectCreated:*"] }],
        }, ct);
        return new WorkerHarness(server, s3);
    }

    /// <summary>Puts an object through the S3 API, so its event reaches the queue.</summary>
    public Task PutAsync(string key, string body) =>
        S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = body }, TestContext.Current.CancellationToken);

    public Task PutAsync(string key, byte[] body) =>
        S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(body), UseChunkEncoding = false }, TestContext.Current.CancellationToken);

    /// <summary>Configuration every run gets, before the test's own keys.</summary>
    public Dictionary<string, string?> BaseSettings() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["S3ToCloudSearch:Sqs:Queue"] = Queue,
        ["S3ToCloudSearch:Sqs:DeadLetterQueue"] = DeadLetterQueue,
        ["S3ToCloudSearch:Sqs:Consumer:WaitTime"] = "00:00:01",
        ["S3ToCloudSearch:DocumentEndpoint"] = DocumentEndpoint(),
        ["S3ToCloudSearch:ErrorsLocation"] = $"s3://{Bucket}/errors/",
        ["S3ToCloudSearch:AWS:Region"] = "us-east-1",
        ["S3ToCloudSearch:AWS:ServiceURL"] = Server.ServiceUrl.ToString(),
        ["S3ToCloudSearch:AWS:AccessKeyId"] = AccessKey.AccessKeyId,
        ["S3ToCloudSearch:AWS:SecretAccessKey"] = AccessKey.SecretAccessKey,
        ["S3ToCloudSearch:UploadRetry:BaseDelay"] = "00:00:00.010",
        ["S3ToCloudSearch:UploadRetry:MaxDelay"] = "00:00:00.100",
    };

    /// <summary><see cref="BaseSettings"/> with <paramref name="settings"/> on top (a null value removes a key).</summary>
    public Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var merged = BaseSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return merged;
    }

    /// <summary>Runs the tool in this process exactly as its binary does (same host, same registrations, same exit code).</summary>
    public async Task<int> RunAsync(WorkerInvocation invocation, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WorkerHost.CreateBuilder(invocation, Settings(settings), S3ToCloudSearchOptions.SectionName);
        if (invocation.Source == WorkerSource.Sqs)
        {
            builder.Services.AddS3ToCloudSearch(builder.Configuration);
        }
        else
        {
            builder.Services.AddS3ToCloudSearchWorker(builder.Configuration);
        }

        using var host = builder.Build();
        return await WorkerHost.RunAsync<S3ToCloudSearchWorker>(host, invocation, S3ToCloudSearchOptions.SectionName, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        S3.Dispose();
        await Server.DisposeAsync();
    }
}

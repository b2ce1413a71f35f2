using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using GapTools.Core.Workers;
using GapTools.LocalAws;
using GapTools.LocalAws.CloudSearch;
using GapTools.LocalAws.S3;
using Microsoft.Extensions.DependencyInjection;

namespace GapTools.S3ToCloudSearch.Tests.EndToEnd;

/// <summary>
/// LocalAws with a bucket whose object-created events go to an SQS queue (and a dead-letter queue beside it), and
/// the real worker run through the library's host builder with real SDK clients over HTTP.
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

    public AmazonS3Client S3 { get; }

    public CloudSearchDomainState Domain(string name = CloudSearchStore.DefaultDomain) => Server.State.CloudSearch.Domain(name);

    public string DocumentEndpoint(string domain = CloudSearchStore.DefaultDomain) => CloudSearchStore.DocumentEndpoint(Server.ServiceUrl, domain).ToString();

    public static async Task<WorkerHarness> StartAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await LocalAwsServer.StartAsync(cancellationToken: ct);
        server.State.Sqs.CreateQueue(Queue);
        server.State.Sqs.CreateQueue(DeadLetterQueue);
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
    public Dictionary<string, string?> BaseSettings() => new()
    {
        ["Sqs:Queue"] = Queue,
        ["Sqs:DeadLetterQueue"] = DeadLetterQueue,
        ["Sqs:Consumer:WaitTime"] = "00:00:01",
        ["S3ToCloudSearch:DocumentEndpoint"] = DocumentEndpoint(),
        ["S3ToCloudSearch:ErrorsLocation"] = $"s3://{Bucket}/errors/",
        ["S3ToCloudSearch:Aws:Region"] = "us-east-1",
        ["S3ToCloudSearch:UploadRetry:BaseDelay"] = "00:00:00.010",
        ["S3ToCloudSearch:UploadRetry:MaxDelay"] = "00:00:00.100",
    };

    public Task<int> RunAsync(WorkerInvocation invocation, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var overrides = BaseSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        return WorkerHost.RunAsync(invocation, overrides, builder =>
        {
            builder.Services.AddSingleton<AWSCredentials>(Server.AwsCredentials);
            builder.Services.AddSingleton<IAmazonS3>(Server.CreateS3Client(c => c.MaxErrorRetry = 2));
            builder.Services.AddSingleton<IAmazonSQS>(Server.CreateSqsClient());
            builder.Services.AddS3ToCloudSearch(builder.Configuration);
        }, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        S3.Dispose();
        await Server.DisposeAsync();
    }
}

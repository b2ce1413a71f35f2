using System.IO.Compression;
using System.Text;
using GapTools.Core;
using GapTools.Core.S3Events;
using GapTools.Core.Signing;
using GapTools.LocalAws;
using GapTools.LocalAws.CloudSearch;
using GapTools.LocalAws.S3;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.S3ToCloudSearch.Sink;
using GapTools.S3ToCloudSearch.Source;
using GapTools.Workers.Outage;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace GapTools.S3ToCloudSearch.Tests.EndToEnd;

/// <summary>
/// LocalAws (S3 + CloudSearch over real HTTP) and the tool's document pipeline wired to it as the worker wires it,
/// uploaders running, but with the upload retry pipeline, outage guard and options of the test's choosing (unvalidated).
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    public const string Bucket = "input";

    private readonly HttpClient http;
    private readonly EndpointUploaders uploaders;

    private PipelineHarness(
        LocalAwsServer server, S3ToCloudSearchOptions options, Amazon.S3.AmazonS3Client s3, ResiliencePipeline uploadPipeline, Func<DocumentEndpoint, SinkOutage>? outageFor)
    {
        Server = server;
        S3 = s3;
        http = new HttpClient(new AwsSigV4Handler(server.AwsCredentials, "us-east-1", "cloudsearch") { InnerHandler = new SocketsHttpHandler() });
        var metrics = Metrics = new S3ToCloudSearchMetrics();
        var store = new AmazonS3ObjectStore(s3);
        var errors = new ErrorSink(store, S3Uri.TryParse(options.ErrorsLocation, out var errorsLocation, out _) ? errorsLocation : null, metrics, NullLogger.Instance);
        var routes = new EndpointRoutes(options);
        uploaders = new EndpointUploaders(
            routes.All,
            options.MaxBatchBytes,
            options.MaxBatchWait,
            options.MinUploadInterval,
            endpoint => new BatchUploader(new CloudSearchDocumentClient(http, endpoint.Url), uploadPipeline, errors, metrics, NullLogger.Instance, outageFor?.Invoke(endpoint)),
            TimeProvider.System,
            NullLogger.Instance);
        Pipeline = new DocumentPipeline(
            routes,
            new ObjectReader(store, options.MaxLineBytes, errors, metrics, NullLogger.Instance),
            uploaders,
            errors,
            options.FailedMessageDelay,
            NullLogger.Instance);
    }

    public LocalAwsServer Server { get; }

    public Amazon.S3.AmazonS3Client S3 { get; }

    public DocumentPipeline Pipeline { get; }

    public S3ToCloudSearchMetrics Metrics { get; }

    /// <summary>A signed client for a domain of this server, sharing the harness's HttpClient.</summary>
    public CloudSearchDocumentClient Client(string domain = CloudSearchStore.DefaultDomain) =>
        new(http, CloudSearchStore.DocumentEndpoint(Server.ServiceUrl, domain));

    public CloudSearchDomainState Domain(string name = CloudSearchStore.DefaultDomain) => Server.State.CloudSearch.Domain(name);

    public static async Task<PipelineHarness> StartAsync(
        Func<Uri, S3ToCloudSearchOptions>? configure = null,
        ResiliencePipeline? uploadPipeline = null,
        Func<DocumentEndpoint, SinkOutage>? outageFor = null,
        params string[] domains)
    {
        var server = await LocalAwsServer.StartAsync();
        foreach (var domain in domains)
        {
            server.State.CloudSearch.CreateDomain(domain);
        }

        server.State.S3.CreateBucket(Bucket);
        var defaultEndpoint = CloudSearchStore.DocumentEndpoint(server.ServiceUrl, CloudSearchStore.DefaultDomain);
        var options = configure?.Invoke(server.ServiceUrl) ?? new S3ToCloudSearchOptions
        {
            DocumentEndpoint = defaultEndpoint.ToString(),
            ErrorsLocation = $"s3://{Bucket}/errors/",
        };
        return new PipelineHarness(server, options, server.CreateS3Client(), uploadPipeline ?? ResiliencePipeline.Empty, outageFor);
    }

    public void Put(string key, string text) => Server.State.S3.PutObject(Bucket, key, Encoding.UTF8.GetBytes(text));

    public void Put(string key, byte[] data) => Server.State.S3.PutObject(Bucket, key, data);

    public static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    public Task<MessageDisposition> ProcessAsync(params string[] keys) =>
        Pipeline.ProcessAsync("test", keys.Select(k => new S3ObjectRef(Bucket, k, null, null, null, null)).ToList(), hold: false, TestContext.Current.CancellationToken);

    /// <summary>The error lines written for an object, parsed.</summary>
    public List<System.Text.Json.Nodes.JsonObject> ErrorLines(string key) =>
        Server.State.S3.List(Bucket, $"errors/{Bucket}/{key}.errors-")
            .SelectMany(o => Encoding.UTF8.GetString(o.Data.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(line => System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject())
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await uploaders.DisposeAsync();
        http.Dispose();
        S3.Dispose();
        await Server.DisposeAsync();
    }
}

using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.S3ToCloudSearch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GapTools.S3ToCloudSearch.Tests.EndToEnd;

/// <summary>
/// The tool in an ordinary application: <c>Host.CreateApplicationBuilder()</c> plus <c>AddS3ToCloudSearch(configuration)</c>,
/// configured only by keys, against LocalAws.
/// </summary>
public sealed class GenericHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Add(string id, string title) => $$$"""{"type":"add","id":"{{{id}}}","fields":{"title":"{{{title}}}"}}""";

    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    [Fact]
    public async Task The_hosted_service_consumes_the_queue_and_indexes_every_document()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.PutAsync("in/a.json", string.Join('\n', Add("a1", "one"), Add("a2", "two")));
        await harness.PutAsync("in/b.json", Add("b1", "three"));
        var builder = Builder(harness.Settings());
        builder.Services.AddS3ToCloudSearch(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync(Ct);
        await Eventually(() => harness.Domain().Documents.Count == 3 && harness.Server.State.Sqs.Snapshot(WorkerHarness.Queue).Total == 0);
        await host.StopAsync(Ct);

        Assert.IsType<S3ToCloudSearchService>(Assert.Single(host.Services.GetServices<IHostedService>()));
        Assert.Equal(["a1", "a2", "b1"], harness.Domain().Documents.Keys.Order());
    }

    [Fact]
    public async Task The_applications_own_sdk_clients_are_neither_used_nor_replaced()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.PutAsync("in/a.json", string.Join('\n', Add("a1", "one"), "{broken"));
        var builder = Builder(harness.Settings());
        using var wrongS3 = new AmazonS3Client(new BasicAWSCredentials("wrong", "wrong"), new AmazonS3Config { ServiceURL = ClosedPortUrl(), ForcePathStyle = true, MaxErrorRetry = 0 });
        using var wrongSqs = new AmazonSQSClient(new BasicAWSCredentials("wrong", "wrong"), new AmazonSQSConfig { ServiceURL = ClosedPortUrl(), MaxErrorRetry = 0 });
        builder.Services.AddSingleton<IAmazonS3>(wrongS3);
        builder.Services.AddSingleton<IAmazonSQS>(wrongSqs);
        builder.Services.AddSingleton<AWSCredentials>(new BasicAWSCredentials("wrong", "wrong"));
        builder.Services.AddS3ToCloudSearch(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync(Ct);
        // The object is read and its error line written to S3 through the tool's own client.
        await Eventually(() => harness.Domain().Documents.Count == 1 && harness.Server.State.S3.List(WorkerHarness.Bucket, "errors/").Count > 0);
        await host.StopAsync(Ct);

        Assert.Same(wrongS3, host.Services.GetRequiredService<IAmazonS3>());
        Assert.Same(wrongSqs, host.Services.GetRequiredService<IAmazonSQS>());
        Assert.Single(host.Services.GetServices<IAmazonS3>());
    }

    [Fact]
    public async Task A_missing_queue_fails_validation_on_start_naming_the_key()
    {
        await using var harness = await WorkerHarness.StartAsync();
        var builder = Builder(harness.Settings(new Dictionary<string, string?> { ["S3ToCloudSearch:Sqs:Queue"] = null }));
        builder.Services.AddS3ToCloudSearch(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains(error.Failures, f => f.StartsWith("S3ToCloudSearch:Sqs:Queue is required", StringComparison.Ordinal));
        Assert.Equal(0, harness.Server.Requests.Count("sqs"));
    }

    [Fact]
    public async Task The_tools_aws_section_overrides_the_standard_one()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.PutAsync("in/a.json", Add("a1", "one"));
        var settings = harness.Settings();
        settings["AWS:ServiceURL"] = ClosedPortUrl(); // what the rest of the application would use
        settings["AWS:Region"] = "eu-west-1";
        var builder = Builder(settings);
        builder.Services.AddS3ToCloudSearch(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync(Ct);
        await Eventually(() => harness.Domain().Documents.Count == 1 && harness.Server.State.Sqs.Snapshot(WorkerHarness.Queue).Total == 0);
        await host.StopAsync(Ct);

        Assert.Equal(["a1"], harness.Domain().Documents.Keys);
    }

    [Fact]
    public async Task Without_the_tools_aws_section_the_standard_one_is_used()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.PutAsync("in/a.json", Add("a1", "one"));
        var settings = harness.Settings(new Dictionary<string, string?>
        {
            ["S3ToCloudSearch:AWS:ServiceURL"] = null,
            ["S3ToCloudSearch:AWS:Region"] = null,
            ["AWS:ServiceURL"] = harness.Server.ServiceUrl.ToString(),
            ["AWS:Region"] = "us-east-1",
        });
        var builder = Builder(settings);
        builder.Services.AddS3ToCloudSearch(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync(Ct);
        await Eventually(() => harness.Domain().Documents.Count == 1 && harness.Server.State.Sqs.Snapshot(WorkerHarness.Queue).Total == 0);
        await host.StopAsync(Ct);
    }

    // A loopback URL nothing listens on: any request to it fails at once.
    private static string ClosedPortUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 30 s");
            await Task.Delay(50, Ct);
        }
    }
}

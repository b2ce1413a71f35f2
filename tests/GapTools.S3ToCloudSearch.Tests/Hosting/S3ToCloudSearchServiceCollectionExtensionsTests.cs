using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using GapTools.Core.Resilience;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.S3ToCloudSearch.Hosting;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GapTools.S3ToCloudSearch.Tests.Hosting;

public sealed class S3ToCloudSearchServiceCollectionExtensionsTests
{
    [Fact]
    public void Every_key_binds_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["S3ToCloudSearch:DocumentEndpoint"] = "https://doc-a-b.us-east-1.cloudsearch.amazonaws.com",
            ["S3ToCloudSearch:KeyRegexp"] = "^feeds/([a-z]+)/",
            ["S3ToCloudSearch:Endpoints:movies"] = "https://doc-movies-x.us-east-1.cloudsearch.amazonaws.com",
            ["S3ToCloudSearch:MaxBatchBytes"] = "2000000",
            ["S3ToCloudSearch:MinUploadInterval"] = "00:00:10",
            ["S3ToCloudSearch:MaxLineBytes"] = "1500000",
            ["S3ToCloudSearch:ErrorsLocation"] = "s3://bucket/errors/",
            ["S3ToCloudSearch:UploadTimeout"] = "00:00:30",
            ["S3ToCloudSearch:UploadRetry:MaxRetryAttempts"] = "7",
            ["S3ToCloudSearch:UploadRetry:Jitter"] = "Full",
            ["S3ToCloudSearch:FailedMessageDelay"] = "00:02:00",
            ["S3ToCloudSearch:SinkOutage:MaxHold"] = "00:05:00",
            ["S3ToCloudSearch:SinkOutage:MaxProbeDelay"] = "00:00:10",
            ["S3ToCloudSearch:SinkOutage:MinReleaseDelay"] = "00:01:00",
            ["S3ToCloudSearch:Sqs:Queue"] = "feed",
            ["S3ToCloudSearch:Sqs:DeadLetterQueue"] = "feed-dlq",
            ["S3ToCloudSearch:Sqs:Consumer:MaxInFlight"] = "50",
            ["S3ToCloudSearch:Sqs:Consumer:Mode"] = "DrainAndExit",
            ["S3ToCloudSearch:Aws:Region"] = "eu-west-1", // keys are case-insensitive: AWS:Region
            ["S3ToCloudSearch:Aws:ServiceUrl"] = "http://127.0.0.1:4566",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddS3ToCloudSearch(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<S3ToCloudSearchOptions>>().Value;
        var aws = services.GetRequiredKeyedService<AWSOptions>(S3ToCloudSearchOptions.SectionName);

        Assert.Equal("https://doc-movies-x.us-east-1.cloudsearch.amazonaws.com", options.Endpoints["movies"]);
        Assert.Equal((2_000_000, 1_500_000), (options.MaxBatchBytes, options.MaxLineBytes));
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)), (options.MinUploadInterval, options.UploadTimeout, options.FailedMessageDelay));
        Assert.Equal((7, RetryJitter.Full), (options.UploadRetry.MaxRetryAttempts, options.UploadRetry.Jitter));
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)),
            (options.SinkOutage.MaxHold, options.SinkOutage.ProbeDelay, options.SinkOutage.MaxProbeDelay, options.SinkOutage.MinReleaseDelay));
        Assert.Equal(("feed", "feed-dlq", 50, SqsConsumerMode.DrainAndExit), (options.Sqs.Queue, options.Sqs.DeadLetterQueue, options.Sqs.Consumer.MaxInFlight, options.Sqs.Consumer.Mode));
        Assert.Equal(("eu-west-1", new Uri("http://127.0.0.1:4566")), (aws.Region?.SystemName, new Uri(aws.DefaultClientConfig.ServiceURL!)));
        Assert.Equal("s3://bucket/errors/", options.ErrorsLocation);
        Assert.Equal("^feeds/([a-z]+)/", options.KeyRegexp);
    }

    [Fact]
    public void Code_configuration_is_validated_on_resolve_naming_every_key()
    {
        using var services = new ServiceCollection().AddLogging().AddS3ToCloudSearch(o => o.MaxBatchBytes = 1).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<S3ToCloudSearchOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("S3ToCloudSearch:MaxBatchBytes must be between", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("S3ToCloudSearch:DocumentEndpoint is not set", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("S3ToCloudSearch:Sqs:Queue is required", StringComparison.Ordinal));
    }

    [Fact]
    public void The_worker_alone_needs_no_queue_and_no_hosted_service()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["S3ToCloudSearch:DocumentEndpoint"] = "https://doc-a-b.us-east-1.cloudsearch.amazonaws.com",
        }).Build();
        var collection = new ServiceCollection().AddLogging().AddS3ToCloudSearchWorker(configuration);
        using var services = collection.BuildServiceProvider();

        Assert.Null(services.GetRequiredService<IOptions<S3ToCloudSearchOptions>>().Value.Sqs.Queue);
        Assert.DoesNotContain(collection, d => d.ServiceType == typeof(IHostedService));
    }

    [Fact]
    public void Registering_twice_adds_each_thing_once_and_nothing_of_the_sdk()
    {
        var collection = new ServiceCollection()
            .AddS3ToCloudSearch(o => o.DocumentEndpoint = "http://x/")
            .AddS3ToCloudSearch(o => o.DocumentEndpoint = "http://y/");

        Assert.Single(collection, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(S3ToCloudSearchService));
        Assert.Single(collection, d => d.ServiceType == typeof(S3ToCloudSearchWorker));
        Assert.Single(collection, d => d.ServiceType == typeof(AWSOptions) && Equals(d.ServiceKey, S3ToCloudSearchOptions.SectionName));
        Assert.Equal(2, collection.Count(d => d.ServiceType == typeof(IValidateOptions<S3ToCloudSearchOptions>)));
        Assert.DoesNotContain(collection, d => d.ServiceType == typeof(IAmazonS3) || d.ServiceType == typeof(IAmazonSQS) || d.ServiceType == typeof(AWSCredentials));
        Assert.DoesNotContain(collection, d => d.ServiceType == typeof(AWSOptions) && d.ServiceKey is null);
    }
}

using GapTools.Core.Resilience;
using GapTools.S3ToCloudSearch.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
            ["S3ToCloudSearch:Aws:Region"] = "eu-west-1",
            ["S3ToCloudSearch:Aws:ServiceUrl"] = "http://127.0.0.1:4566",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddS3ToCloudSearch(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<S3ToCloudSearchOptions>>().Value;

        Assert.Equal("https://doc-movies-x.us-east-1.cloudsearch.amazonaws.com", options.Endpoints["movies"]);
        Assert.Equal((2_000_000, 1_500_000), (options.MaxBatchBytes, options.MaxLineBytes));
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)), (options.MinUploadInterval, options.UploadTimeout, options.FailedMessageDelay));
        Assert.Equal((7, RetryJitter.Full), (options.UploadRetry.MaxRetryAttempts, options.UploadRetry.Jitter));
        Assert.Equal(("eu-west-1", new Uri("http://127.0.0.1:4566")), (options.Aws.Region, options.Aws.ServiceUrl));
        Assert.Equal("s3://bucket/errors/", options.ErrorsLocation);
        Assert.Equal("^feeds/([a-z]+)/", options.KeyRegexp);
    }

    [Fact]
    public void Code_configuration_and_validation_on_resolve()
    {
        using var services = new ServiceCollection().AddLogging().AddS3ToCloudSearch(o => o.MaxBatchBytes = 1).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<S3ToCloudSearchOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("MaxBatchBytes", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("DocumentEndpoint", StringComparison.Ordinal));
    }
}

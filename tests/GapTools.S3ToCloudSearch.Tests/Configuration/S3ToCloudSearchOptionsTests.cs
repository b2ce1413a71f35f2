using GapTools.S3ToCloudSearch.Configuration;

namespace GapTools.S3ToCloudSearch.Tests.Configuration;

public sealed class S3ToCloudSearchOptionsTests
{
    private static List<string> Errors(S3ToCloudSearchOptions options) =>
        new S3ToCloudSearchOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Defaults_with_an_endpoint_are_valid()
    {
        var options = new S3ToCloudSearchOptions { DocumentEndpoint = "https://doc-a-b.us-east-1.cloudsearch.amazonaws.com" };

        Assert.Empty(Errors(options));
        Assert.Equal(5_242_880, options.MaxBatchBytes);
        Assert.Equal(2_097_152, options.MaxLineBytes);
        Assert.Equal(TimeSpan.Zero, options.MinUploadInterval);
    }

    [Fact]
    public void Every_problem_is_listed_naming_its_key()
    {
        var errors = Errors(new S3ToCloudSearchOptions
        {
            DocumentEndpoint = "ftp://x",
            KeyRegexp = "^no-group/",
            Endpoints = new() { ["a"] = "not a url" },
            MaxBatchBytes = 6 * 1024 * 1024,
            ErrorsLocation = "bucket/errors/",
            MinUploadInterval = TimeSpan.FromMinutes(-1),
        });

        Assert.Contains(errors, e => e.Contains("DocumentEndpoint must be an absolute", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Endpoints:a", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("KeyRegexp has no capture group", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxBatchBytes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ErrorsLocation", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MinUploadInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_to_route_to_is_an_error()
    {
        Assert.Contains(Errors(new S3ToCloudSearchOptions()), e => e.Contains("no object could be routed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_batch_limit_below_one_document_is_refused()
    {
        Assert.Contains(Errors(new S3ToCloudSearchOptions { DocumentEndpoint = "http://x/", MaxBatchBytes = 1024 * 1024 }), e => e.Contains("MaxBatchBytes", StringComparison.Ordinal));
        Assert.Empty(Errors(new S3ToCloudSearchOptions { DocumentEndpoint = "http://x/", MaxBatchBytes = 1024 * 1024 + 2 }));
    }

    [Theory]
    [InlineData("s3://bucket/errors/", "bucket", "errors/")]
    [InlineData("s3://bucket", "bucket", "")]
    public void Errors_location_parses(string text, string bucket, string prefix)
    {
        Assert.True(S3Location.TryParse(text, out var location, out _));
        Assert.Equal(new S3Location(bucket, prefix), location);
        Assert.True(location.Contains(bucket, prefix + "x.json"));
    }
}

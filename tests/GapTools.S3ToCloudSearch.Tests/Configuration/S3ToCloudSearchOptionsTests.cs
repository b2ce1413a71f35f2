using GapTools.Core;
using GapTools.Core.Resilience;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.Workers.Outage;
using GapTools.Workers.Sqs;

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
        Assert.Null(options.Sqs.Queue); // required only to read SQS (by the hosted service)
        Assert.Equal(SqsConsumerMode.Continuous, options.Sqs.Consumer.Mode);
        Assert.Equal((TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)), (options.SinkOutage.MaxHold, options.SinkOutage.ProbeDelay, options.SinkOutage.MaxProbeDelay));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15)), (options.SinkOutage.MinReleaseDelay, options.SinkOutage.MaxReleaseDelay));
    }

    [Fact]
    public void Sink_outage_settings_are_validated_under_their_own_keys()
    {
        var errors = Errors(new S3ToCloudSearchOptions
        {
            DocumentEndpoint = "http://x/",
            SinkOutage = new SinkOutageOptions
            {
                MaxHold = TimeSpan.FromHours(13),
                ProbeDelay = TimeSpan.FromMinutes(1),
                MaxProbeDelay = TimeSpan.FromSeconds(30),
                MinReleaseDelay = TimeSpan.FromMinutes(20),
                MaxReleaseDelay = TimeSpan.FromMinutes(10),
            },
        });

        Assert.Equal(3, errors.Count);
        Assert.StartsWith("S3ToCloudSearch:SinkOutage:MaxHold must be between 0 and 12:00:00", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("S3ToCloudSearch:SinkOutage:ProbeDelay must be more than 0 and at most MaxProbeDelay", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("S3ToCloudSearch:SinkOutage:MinReleaseDelay and MaxReleaseDelay must satisfy", errors[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_listed_naming_its_full_key()
    {
        var errors = Errors(new S3ToCloudSearchOptions
        {
            DocumentEndpoint = "ftp://x",
            KeyRegexp = "^no-group/",
            Endpoints = new() { ["a"] = "not a url" },
            MaxBatchBytes = 6 * 1024 * 1024,
            ErrorsLocation = "bucket/errors/",
            MinUploadInterval = TimeSpan.FromMinutes(-1),
            UploadRetry = new RetryOptions { MaxRetryAttempts = 1000, BaseDelay = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromSeconds(1) },
        });

        Assert.Contains("S3ToCloudSearch:DocumentEndpoint must be an http(s) URL or a host name (https is implied).", errors);
        Assert.Contains("S3ToCloudSearch:Endpoints:a must be an http(s) URL or a host name (https is implied).", errors);
        Assert.Contains("S3ToCloudSearch:KeyRegexp has no capture group to select an endpoint.", errors);
        Assert.Contains("S3ToCloudSearch:MaxBatchBytes must be between 1048578 and 5242880.", errors);
        Assert.Contains(errors, e => e.StartsWith("S3ToCloudSearch:ErrorsLocation: 'bucket/errors/' is not an S3 URI", StringComparison.Ordinal));
        Assert.Contains("S3ToCloudSearch:MinUploadInterval must be between 0 and 1 hour.", errors);
        Assert.Contains("S3ToCloudSearch:UploadRetry:MaxRetryAttempts must be between 0 and 100.", errors);
        Assert.Contains(errors, e => e.StartsWith("S3ToCloudSearch:UploadRetry:MaxDelay (00:00:01) must not be shorter than BaseDelay", StringComparison.Ordinal));
        Assert.Equal(8, errors.Count);
    }

    [Fact]
    public void Consumer_settings_are_validated_under_their_own_keys()
    {
        var options = new S3ToCloudSearchOptions { DocumentEndpoint = "http://x/" };
        options.Sqs.Consumer = new SqsConsumerOptions
        {
            WaitTime = TimeSpan.FromSeconds(30),
            MaxInFlight = 0,
            ReceiveRetry = new RetryOptions { MaxRetryAttempts = -1 },
            DeleteRetry = new RetryOptions { BaseDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(1) },
        };

        var errors = Errors(options);

        Assert.Contains("S3ToCloudSearch:Sqs:Consumer:WaitTime must be between 00:00:00 and 00:00:20.", errors);
        Assert.Contains("S3ToCloudSearch:Sqs:Consumer:MaxInFlight must be between 1 and 100000.", errors);
        Assert.Contains(errors, e => e.StartsWith("S3ToCloudSearch:Sqs:Consumer:ReceiveConcurrency (1) must not exceed MaxInFlight", StringComparison.Ordinal));
        Assert.Contains("S3ToCloudSearch:Sqs:Consumer:ReceiveRetry:MaxRetryAttempts must be between 0 and 100.", errors);
        Assert.Contains(errors, e => e.StartsWith("S3ToCloudSearch:Sqs:Consumer:DeleteRetry:MaxDelay (00:00:01) must not be shorter", StringComparison.Ordinal));
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void A_value_quoted_in_a_message_is_not_taken_for_a_key()
    {
        var errors = Errors(new S3ToCloudSearchOptions { DocumentEndpoint = "http://x/", ErrorsLocation = "S3ToCloudSearch.UploadRetry.x" });

        Assert.StartsWith("S3ToCloudSearch:ErrorsLocation: 'S3ToCloudSearch.UploadRetry.x' is not an S3 URI", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_section_object_is_named()
    {
        var options = new S3ToCloudSearchOptions { DocumentEndpoint = "http://x/", UploadRetry = null!, SinkOutage = null!, Sqs = new() { Consumer = null! } };

        Assert.Equal(["S3ToCloudSearch:UploadRetry is required.", "S3ToCloudSearch:SinkOutage is required.", "S3ToCloudSearch:Sqs:Consumer is required."], Errors(options));
    }

    [Fact]
    public void Nothing_to_route_to_is_an_error()
    {
        Assert.Contains(Errors(new S3ToCloudSearchOptions()), e => e.StartsWith("S3ToCloudSearch:DocumentEndpoint is not set", StringComparison.Ordinal) && e.Contains("no object could be routed", StringComparison.Ordinal));
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
    public void Errors_location_is_read_by_the_one_s3_uri_parser(string text, string bucket, string prefix)
    {
        Assert.Empty(Errors(new S3ToCloudSearchOptions { DocumentEndpoint = "http://x/", ErrorsLocation = text }));
        Assert.True(S3Uri.TryParse(text, out var location, out _));
        Assert.Equal((bucket, prefix), (location.Bucket, location.Prefix));
        Assert.True(location.Contains(bucket, prefix + "x.json"));
    }

    [Fact]
    public void An_s32cs_endpoint_host_name_is_taken_as_https()
    {
        Assert.Empty(Errors(new S3ToCloudSearchOptions { DocumentEndpoint = "doc-movies-abc123.ap-northeast-1.cloudsearch.amazonaws.com" }));
    }

    [Fact]
    public void An_s32cs_key_regexp_without_endpoints_says_how_to_keep_its_meaning()
    {
        var errors = Errors(new S3ToCloudSearchOptions { DocumentEndpoint = "http://x/", KeyRegexp = "example/(.+?)/" });

        Assert.Equal(
            "S3ToCloudSearch:KeyRegexp is set but Endpoints is empty: name the endpoints its capture selects in Endpoints, or set KeyRegexpCapture to Endpoint for s32cs's meaning (the capture is the endpoint itself).",
            Assert.Single(errors));
        Assert.Empty(Errors(new S3ToCloudSearchOptions { DocumentEndpoint = "http://x/", KeyRegexp = "example/(.+?)/", KeyRegexpCapture = KeyRegexpCapture.Endpoint }));
    }

    [Fact]
    public void The_s32cs_meaning_needs_a_regexp_needs_no_group_and_takes_no_endpoint_names()
    {
        Assert.Empty(Errors(new S3ToCloudSearchOptions { KeyRegexp = "^[^/]+", KeyRegexpCapture = KeyRegexpCapture.Endpoint }));
        Assert.Equal(
            ["S3ToCloudSearch:DocumentEndpoint is not set, nor KeyRegexp: no object could be routed.",
             "S3ToCloudSearch:KeyRegexpCapture is Endpoint but KeyRegexp is not set: there is no capture to take the endpoint from."],
            Errors(new S3ToCloudSearchOptions { KeyRegexpCapture = KeyRegexpCapture.Endpoint }));
        Assert.Equal(
            "S3ToCloudSearch:Endpoints is not used when KeyRegexpCapture is Endpoint (KeyRegexp's capture is the endpoint itself, as in s32cs): remove Endpoints, or set KeyRegexpCapture to EndpointName to select among them.",
            Assert.Single(Errors(new S3ToCloudSearchOptions
            {
                DocumentEndpoint = "http://x/", KeyRegexp = "^(.+?)/", KeyRegexpCapture = KeyRegexpCapture.Endpoint, Endpoints = new() { ["a"] = "http://a/" },
            })));
    }
}

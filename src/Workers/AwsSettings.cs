using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;
using Amazon.SQS;
using GapTools.Core.Signing;
using Microsoft.Extensions.Configuration;

namespace GapTools.Workers;

/// <summary>
/// AWS access the way .NET applications configure it: the standard <c>AWS</c> section read by
/// AWSSDK.Extensions.NETCore.Setup (<c>Region</c>, <c>Profile</c>, <c>ProfilesLocation</c>, <c>ServiceURL</c>, …),
/// overlaid key by key by the tool's own <c>&lt;Tool&gt;:AWS</c> section, then the SDK's default chains (environment,
/// profile, container, instance role) and <c>AWS_ENDPOINT_URL[_&lt;SERVICE&gt;]</c>. The tool section may also hold
/// static <c>AccessKeyId</c>/<c>SecretAccessKey</c>/<c>SessionToken</c> (Rin's <c>credentials</c>). The clients built
/// here are the tool's own: nothing is taken from, or registered in, the application's container.
/// </summary>
public static class AwsSettings
{
    /// <summary>The standard section name: <c>AWS</c>.</summary>
    public const string SectionName = "AWS";

    /// <summary>The standard <c>AWS</c> section overlaid by <c><paramref name="toolSection"/>:AWS</c>.</summary>
    public static AWSOptions Read(IConfiguration configuration, string toolSection)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var merged = configuration.GetAWSOptions(SectionName);
        var toolKey = $"{toolSection}:{SectionName}";
        var section = configuration.GetSection(toolKey);
        if (!section.Exists())
        {
            return merged;
        }

        var tool = configuration.GetAWSOptions(toolKey);
        merged.Region = tool.Region ?? merged.Region;
        merged.Profile = tool.Profile ?? merged.Profile;
        merged.ProfilesLocation = tool.ProfilesLocation ?? merged.ProfilesLocation;
        if (tool.DefaultClientConfig.ServiceURL is { } url)
        {
            merged.DefaultClientConfig.ServiceURL = url;
        }

        if (tool.DefaultClientConfig.AuthenticationRegion is { } signingRegion)
        {
            merged.DefaultClientConfig.AuthenticationRegion = signingRegion;
        }

        if (section["AccessKeyId"] is { Length: > 0 } id && section["SecretAccessKey"] is { Length: > 0 } secret)
        {
            merged.Credentials = section["SessionToken"] is { Length: > 0 } token
                ? new SessionAWSCredentials(id, secret, token)
                : new BasicAWSCredentials(id, secret);
        }

        return merged;
    }

    /// <summary>The credentials: set in code or the tool section, else the named profile, else the SDK's default chain.</summary>
    public static AWSCredentials Credentials(AWSOptions aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        if (aws.Credentials is { } credentials)
        {
            return credentials;
        }

        if (aws.Profile is { Length: > 0 } profile)
        {
            return new CredentialProfileStoreChain(aws.ProfilesLocation).TryGetAWSCredentials(profile, out var fromProfile)
                ? fromProfile
                : throw new InvalidOperationException($"AWS:Profile names profile '{profile}', which no credentials file or config file holds.");
        }

        return AwsDefaultChain.ResolveCredentials();
    }

    /// <summary>The region's system name: configured, else the SDK's fallback chain (<c>AWS_REGION</c>, profile).</summary>
    /// <exception cref="InvalidOperationException">No region anywhere; the message names the ways to set one.</exception>
    public static string Region(AWSOptions aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return aws.Region?.SystemName ?? AwsDefaultChain.ResolveRegion();
    }

    /// <summary>
    /// The region and credentials a tool runs with, resolved once. A missing region or unusable credentials is bad
    /// configuration: an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> whose message names the
    /// keys to set (<c>&lt;Tool&gt;:AWS:Region</c>, <c>AWS:Region</c>, <c>AWS_REGION</c>, a profile), never a stack trace.
    /// </summary>
    public static (string Region, AWSCredentials Credentials) Resolve(AWSOptions aws, string toolSection)
    {
        ArgumentNullException.ThrowIfNull(aws);
        var key = $"{toolSection}:{SectionName}";
        string region;
        try
        {
            region = Region(aws);
        }
        catch (InvalidOperationException)
        {
            throw Misconfigured(toolSection, $"{key}:Region is not set, nor AWS:Region, AWS_REGION or a profile's region: name the region of the bucket and queue.");
        }

        try
        {
            return (region, Credentials(aws));
        }
        catch (Exception e) when (e is InvalidOperationException or AmazonClientException)
        {
            throw Misconfigured(toolSection, $"{key}: no credentials: {e.Message}");
        }
    }

    private static Microsoft.Extensions.Options.OptionsValidationException Misconfigured(string toolSection, string failure) =>
        new(toolSection, typeof(AWSOptions), [failure]);

    /// <summary>One endpoint for every service (emulators, tests), when configured.</summary>
    public static Uri? ServiceUrl(AWSOptions aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return aws.DefaultClientConfig.ServiceURL is { Length: > 0 } url ? new Uri(url) : null;
    }

    /// <summary>Applies region and endpoint to an SDK client configuration.</summary>
    public static TConfig Configure<TConfig>(AWSOptions aws, TConfig config) where TConfig : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(config);
        var region = Region(aws);
        config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        if (ServiceUrl(aws) is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = aws.DefaultClientConfig.AuthenticationRegion ?? region;
        }

        return config;
    }

    /// <summary>
    /// The S3 client: the SDK's own retries are the S3 edge's one retry layer; path-style addressing when an endpoint
    /// is configured. <paramref name="credentials"/> defaults to <see cref="Credentials"/>.
    /// </summary>
    public static AmazonS3Client CreateS3(AWSOptions aws, AWSCredentials? credentials = null)
    {
        var config = Configure(aws, new AmazonS3Config());
        config.ForcePathStyle = ServiceUrl(aws) is not null;
        return new AmazonS3Client(credentials ?? Credentials(aws), config);
    }

    /// <summary>
    /// The SQS client, without SDK retries: the consumer retries through its own pipelines (one layer per edge).
    /// <paramref name="credentials"/> defaults to <see cref="Credentials"/>.
    /// </summary>
    public static AmazonSQSClient CreateSqs(AWSOptions aws, AWSCredentials? credentials = null)
    {
        var config = Configure(aws, new AmazonSQSConfig());
        config.MaxErrorRetry = 0;
        return new AmazonSQSClient(credentials ?? Credentials(aws), config);
    }
}

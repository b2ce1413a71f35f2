namespace GapTools.S3ToRedshift.Configuration;

/// <summary>AWS account access for SQS, S3 (manifests, backfill) and the Redshift APIs.</summary>
public sealed record AwsOptions
{
    /// <summary>Region; defaults to the SDK's resolution (AWS_REGION, profile).</summary>
    public string? Region { get; init; }

    /// <summary>Static access key id; null uses the SDK's default credential chain.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>Static secret access key (with <see cref="AccessKeyId"/>). Never logged.</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>Session token for temporary static credentials. Never logged.</summary>
    public string? SessionToken { get; init; }

    /// <summary>One endpoint for every AWS service (tests, LocalStack-style emulators); null uses the public endpoints and AWS_ENDPOINT_URL*.</summary>
    public Uri? ServiceUrl { get; init; }
}

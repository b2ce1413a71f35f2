namespace GapTools.S3ToRedshift.Configuration;

/// <summary>AWS account access for SQS, S3 (manifests, backfill) and the Redshift APIs.</summary>
public sealed record AwsOptions
{
    /// <summary>Region; defaults to the SDK's resolution (AWS_REGION, profile).</summary>
    public string? Region { get; set; }

    /// <summary>Static access key id; null uses the SDK's default credential chain.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>Static secret access key (with <see cref="AccessKeyId"/>). Never logged.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>Session token for temporary static credentials. Never logged.</summary>
    public string? SessionToken { get; set; }

    /// <summary>One endpoint for every AWS service (tests, LocalStack-style emulators); null uses the public endpoints and AWS_ENDPOINT_URL*.</summary>
    public Uri? ServiceUrl { get; set; }
}

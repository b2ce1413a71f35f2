namespace GapTools.S3ToCloudSearch.Configuration;

/// <summary>AWS access for S3, SQS and CloudSearch request signing. Credentials come from the AWS SDK's default chain.</summary>
// Settable (not init) so the compile-time configuration binder can fill them.
public sealed record AwsOptions
{
    /// <summary>
    /// Region of S3 and SQS, and signing region of document endpoints whose host name names none. Defaults to the
    /// SDK's resolution (AWS_REGION, profile).
    /// </summary>
    public string? Region { get; set; }

    /// <summary>
    /// One endpoint for S3 and SQS (tests, LocalStack-style emulators; path-style S3). Defaults to the public
    /// endpoints and AWS_ENDPOINT_URL*.
    /// </summary>
    public Uri? ServiceUrl { get; set; }
}

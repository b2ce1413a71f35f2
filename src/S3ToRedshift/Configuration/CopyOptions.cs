namespace GapTools.S3ToRedshift.Configuration;

/// <summary>How COPY reads S3, and the parameters every target uses unless it sets its own.</summary>
public sealed record CopyOptions
{
    /// <summary>Authorization clause. Defaults to <see cref="CopyAuthorization.IamRole"/>.</summary>
    public CopyAuthorization Authorization { get; set; } = CopyAuthorization.IamRole;

    /// <summary>Role ARN for <c>IAM_ROLE</c> (required with <see cref="CopyAuthorization.IamRole"/>; comma-separated for role chaining).</summary>
    public string? IamRole { get; set; }

    /// <summary>Default COPY format and parameters (Rin's <c>sql_option</c>), for example <c>JSON 'auto' GZIP</c>.</summary>
    public string? Parameters { get; set; }

    /// <summary>Default source region for COPY's <c>REGION</c> (when the bucket is not in the cluster's region).</summary>
    public string? Region { get; set; }
}

namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>Defaults and limits of the Redshift Data API (botocore <c>redshift-data/2019-12-20</c> and the AWS quotas page).</summary>
public static class RedshiftDataApiDefaults
{
    /// <summary>
    /// Statements SUBMITTED or STARTED at once per cluster before ActiveStatementsExceededException
    /// (https://docs.aws.amazon.com/redshift/latest/mgmt/amazon-redshift-limits.html, "Data API" quotas).
    /// </summary>
    public const int MaxActiveStatementsPerCluster = 200;

    /// <summary>BatchExecuteStatement's SqlList: 1 to 40 statements.</summary>
    public const int MaxBatchStatements = 40;

    /// <summary>ListStatements' MaxResults: at most 100, and 100 when 0 or absent.</summary>
    public const int MaxListResults = 100;

    /// <summary>How long a connection through the cluster's endpoint may take before the submit fails.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
}

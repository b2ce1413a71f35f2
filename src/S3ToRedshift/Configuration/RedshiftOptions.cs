using System.ComponentModel.DataAnnotations;

namespace GapTools.S3ToRedshift.Configuration;

/// <summary>Where the data goes and how the worker signs in.</summary>
public sealed record RedshiftOptions
{
    /// <summary>Wire (Npgsql) or the Data API. Defaults to <see cref="RedshiftTransport.Wire"/>.</summary>
    public RedshiftTransport Transport { get; set; } = RedshiftTransport.Wire;

    /// <summary>Endpoint host name (wire).</summary>
    public string? Host { get; set; }

    /// <summary>Endpoint port (wire). Defaults to 5439.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = S3ToRedshiftDefaults.Port;

    /// <summary>Database name. Required.</summary>
    public string? Database { get; set; }

    /// <summary>Database user (wire: the login; with IAM or the Data API: the DbUser).</summary>
    public string? User { get; set; }

    /// <summary>Static password (wire). Never logged. Not used with <see cref="IamAuthentication"/>.</summary>
    public string? Password { get; set; }

    /// <summary>Sign in with temporary credentials from GetClusterCredentials, refreshed before they expire. Defaults to false.</summary>
    public bool IamAuthentication { get; set; }

    /// <summary>Let GetClusterCredentials create <see cref="User"/> when missing. Defaults to false.</summary>
    public bool AutoCreateUser { get; set; }

    /// <summary>How long temporary credentials last (15 min to 1 h). Defaults to 15 minutes.</summary>
    public TimeSpan CredentialsDuration { get; set; } = S3ToRedshiftDefaults.CredentialsDuration;

    /// <summary>Provisioned cluster id: IAM credentials, Data API target, and maintenance checks (DescribeClusters).</summary>
    public string? ClusterIdentifier { get; set; }

    /// <summary>Serverless workgroup (Data API).</summary>
    public string? WorkgroupName { get; set; }

    /// <summary>Secrets Manager secret with the database credentials (Data API).</summary>
    public string? SecretArn { get; set; }

    /// <summary>Check the cluster status before each batch and pause while it is not available. Defaults to true (needs <see cref="ClusterIdentifier"/>).</summary>
    public bool PauseDuringMaintenance { get; set; } = true;

    /// <summary>Endpoint override for the Redshift API (DescribeClusters, GetClusterCredentials).</summary>
    public Uri? ApiUrl { get; set; }

    /// <summary>Endpoint override for the Redshift Data API.</summary>
    public Uri? DataApiUrl { get; set; }

    /// <summary>Longest a load transaction may run. Defaults to 30 minutes.</summary>
    public TimeSpan CommandTimeout { get; set; } = S3ToRedshiftDefaults.CommandTimeout;

    /// <summary>Data API status polling interval. Defaults to 500 ms.</summary>
    public TimeSpan StatementPollInterval { get; set; } = S3ToRedshiftDefaults.StatementPollInterval;

    /// <summary>The destination as printed in logs and <c>--dry-run</c>, with the password masked.</summary>
    public string Describe() => Transport switch
    {
        RedshiftTransport.DataApi when WorkgroupName is not null => $"redshift-data://workgroup:{WorkgroupName}/{Database}",
        RedshiftTransport.DataApi => $"redshift-data://{(User is null ? "" : User + "@")}{ClusterIdentifier}/{Database}",
        _ => $"redshift://{User}:****@{Host}:{Port}/{Database}",
    };
}

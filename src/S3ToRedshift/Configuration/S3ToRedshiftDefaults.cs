namespace GapTools.S3ToRedshift.Configuration;

/// <summary>Defaults of the S3ToRedshift options, in one place.</summary>
public static class S3ToRedshiftDefaults
{
    /// <summary>Configuration section the CLI binds: <c>S3ToRedshift</c>.</summary>
    public const string SectionName = "S3ToRedshift";

    /// <summary>SQS messages in flight when <c>Sqs:Consumer:MaxInFlight</c> is not set: 2,000 (a batch only fills from messages in flight).</summary>
    public const int MaxInFlight = 2_000;

    /// <summary>Parallel SQS long polls when <c>Sqs:Consumer:ReceiveConcurrency</c> is not set: 4.</summary>
    public const int ReceiveConcurrency = 4;

    /// <summary>Redshift's port: 5439.</summary>
    public const int Port = 5439;

    /// <summary>Objects per COPY when a manifest prefix is configured: 1,000 (without one: 1).</summary>
    public const int MaxObjects = 1_000;

    /// <summary>Bytes per COPY: 5 MiB, Amazon Data Firehose's default buffer size.</summary>
    public const long MaxBytes = 5L * 1024 * 1024;

    /// <summary>How long the first object of a batch waits: 60 s.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    /// <summary>Load-log table: <c>gaptools_load_log</c> (unqualified: the search path's first schema).</summary>
    public const string LoadLogTable = "gaptools_load_log";

    /// <summary>Temporary database credentials last 15 minutes (GetClusterCredentials' default and minimum).</summary>
    public static readonly TimeSpan CredentialsDuration = TimeSpan.FromMinutes(15);

    /// <summary>How long one COPY transaction may run: 30 minutes.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(30);

    /// <summary>How often the Data API statement status is polled: 500 ms.</summary>
    public static readonly TimeSpan StatementPollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>A cluster status read before a batch is reused for 10 s.</summary>
    public static readonly TimeSpan ClusterStatusMaxAge = TimeSpan.FromSeconds(10);

    /// <summary>First wait between cluster status polls while the cluster is unavailable: 5 s (doubling).</summary>
    public static readonly TimeSpan UnavailablePollDelay = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between cluster status polls: 60 s.</summary>
    public static readonly TimeSpan UnavailablePollMaxDelay = TimeSpan.FromSeconds(60);

    /// <summary>Redelivery delay for messages whose load failed permanently: 60 s.</summary>
    public static readonly TimeSpan FailedMessageDelay = TimeSpan.FromSeconds(60);
}

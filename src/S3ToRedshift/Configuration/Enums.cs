namespace GapTools.S3ToRedshift.Configuration;

/// <summary>How the worker talks to Redshift.</summary>
public enum RedshiftTransport
{
    /// <summary>PostgreSQL wire protocol (Npgsql) to the cluster or workgroup endpoint.</summary>
    Wire,

    /// <summary>Redshift Data API (HTTPS): BatchExecuteStatement runs the load transaction.</summary>
    DataApi,
}

/// <summary>The authorization clause COPY uses to read S3.</summary>
public enum CopyAuthorization
{
    /// <summary><c>IAM_ROLE 'arn'</c> with <see cref="CopyOptions.IamRole"/> (recommended).</summary>
    IamRole,

    /// <summary><c>CREDENTIALS '…'</c> with the worker's own AWS credentials (Rin's way; temporary credentials carry their token).</summary>
    WorkerCredentials,
}

/// <summary>What happens to an S3 event that no target matches.</summary>
public enum UnmatchedEventPolicy
{
    /// <summary>The message is not deleted; it goes to the queue's dead-letter queue.</summary>
    DeadLetter,

    /// <summary>The message is deleted and a warning names the object.</summary>
    Acknowledge,
}

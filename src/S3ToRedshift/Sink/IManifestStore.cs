namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// The sink's S3 edge: writes and removes manifests, and reads what an object holds now (adapter over the S3 client;
/// the SDK's own retries apply).
/// </summary>
internal interface IManifestStore
{
    /// <summary>HeadObject of the current version: its ETag (unquoted) and version id, or null when it no longer exists.</summary>
    Task<(string ETag, string VersionId)?> HeadAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>PutObject of a manifest.</summary>
    Task PutAsync(string bucket, string key, byte[] content, CancellationToken cancellationToken);

    /// <summary>DeleteObject of a manifest.</summary>
    Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken);
}

/// <summary>Gives the COPY authorization for the next batch (worker credentials can rotate).</summary>
internal interface ICopyCredentialsSource
{
    /// <summary>The clause to use now.</summary>
    ValueTask<CopyCredentials> GetAsync(CancellationToken cancellationToken);
}

/// <summary>Cluster maintenance awareness: waits (receiving paused) while the cluster is not available.</summary>
internal interface IClusterAvailability
{
    /// <summary>Returns once the cluster is available (immediately when no cluster is configured).</summary>
    ValueTask WaitUntilAvailableAsync(CancellationToken cancellationToken);

    /// <summary>A connection failed: check the status again before the next attempt.</summary>
    void ConnectionFailed();
}

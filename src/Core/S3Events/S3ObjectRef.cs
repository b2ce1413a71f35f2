namespace GapTools.Core.S3Events;

/// <summary>An S3 object named by an event. <see cref="Key"/> is always decoded (never URL-encoded).</summary>
/// <param name="Bucket">Bucket name.</param>
/// <param name="Key">Object key, decoded.</param>
/// <param name="Size">Object size in bytes, when the event carries it.</param>
/// <param name="ETag">Entity tag without surrounding quotes, when present.</param>
/// <param name="VersionId">Version id for versioned buckets, otherwise null.</param>
/// <param name="Sequencer">Hex string that orders events for the same key, when present.</param>
public sealed record S3ObjectRef(string Bucket, string Key, long? Size, string? ETag, string? VersionId, string? Sequencer)
{
    /// <summary>Returns <c>s3://bucket/key</c> (plus the version id when known).</summary>
    public override string ToString() =>
        VersionId is null ? $"s3://{Bucket}/{Key}" : $"s3://{Bucket}/{Key}?versionId={VersionId}";
}

namespace GapTools.S3ToRedshift.Source;

/// <summary>An object to load, from an S3 event, an event file or a backfill listing.</summary>
/// <param name="Bucket">Bucket.</param>
/// <param name="Key">Key, decoded.</param>
/// <param name="Size">Size in bytes, when known.</param>
/// <param name="ETag">ETag without quotes, when known.</param>
/// <param name="VersionId">Version id, when the bucket is versioned.</param>
/// <param name="EventTime">When S3 recorded the event (null for backfill).</param>
public sealed record ObjectEvent(string Bucket, string Key, long? Size, string? ETag, string? VersionId, DateTimeOffset? EventTime);

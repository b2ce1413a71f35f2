namespace GapTools.S3ToRedshift.Configuration;

/// <summary>
/// Where batch manifests are written. With a prefix, every batch (even a single object) is loaded through a
/// manifest, which names exact keys; without one, each object is loaded by a direct COPY of its key, which
/// Redshift treats as a key prefix (so <c>a.json</c> would also load <c>a.json.bak</c>) and
/// <see cref="BatchOptions.MaxObjects"/> must be 1.
/// </summary>
public sealed record ManifestOptions
{
    /// <summary><c>s3://bucket/prefix/</c> for manifests. Objects under it are never routed.</summary>
    public string? Prefix { get; set; }

    /// <summary>Delete a batch's manifest after its COPY commits. Defaults to true.</summary>
    public bool DeleteAfterLoad { get; set; } = true;
}

using System.ComponentModel.DataAnnotations;

namespace GapTools.S3ToRedshift.Configuration;

/// <summary>Micro-batching per target table: a batch closes at whichever limit comes first.</summary>
public sealed record BatchOptions
{
    /// <summary>
    /// Objects per COPY. Defaults to 1,000 when <see cref="ManifestOptions.Prefix"/> is set, else to 1 (each
    /// object loaded by its own direct COPY, Rin's behaviour). More than 1 requires a manifest prefix.
    /// </summary>
    [Range(1, 100_000)]
    public int? MaxObjects { get; set; }

    /// <summary>The object limit in effect: <see cref="MaxObjects"/>, or its default for the manifest setting.</summary>
    public int EffectiveMaxObjects(bool hasManifest) => MaxObjects ?? (hasManifest ? S3ToRedshiftDefaults.MaxObjects : 1);

    /// <summary>Bytes per COPY, by the sizes the events state. Defaults to 5 MiB (Firehose's default buffer).</summary>
    [Range(1L, long.MaxValue)]
    public long MaxBytes { get; set; } = S3ToRedshiftDefaults.MaxBytes;

    /// <summary>How long the first object of a batch may wait. Defaults to 60 s.</summary>
    public TimeSpan MaxWait { get; set; } = S3ToRedshiftDefaults.MaxWait;
}

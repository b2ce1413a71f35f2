using GapTools.S3ToRedshift.Routing;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>The sink's fixed inputs, resolved from options at start.</summary>
/// <param name="LoadLog">Load-log table.</param>
/// <param name="CreateLoadLog">Create it if missing before the first load.</param>
/// <param name="ManifestBucket">Bucket for manifests, or null for direct COPY.</param>
/// <param name="ManifestPrefix">Key prefix for manifests (may be empty).</param>
/// <param name="DeleteManifests">Delete a manifest after its COPY commits.</param>
/// <param name="MaxStatementLength">Longest SQL statement the transport accepts.</param>
internal sealed record LoadSettings(
    QualifiedTableName LoadLog,
    bool CreateLoadLog,
    string? ManifestBucket,
    string ManifestPrefix,
    bool DeleteManifests,
    int MaxStatementLength);

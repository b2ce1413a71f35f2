using GapTools.S3ToRedshift.Routing;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// One object loaded into one table: the identity the load log records. Version id and ETag are empty strings
/// when unknown, so a key overwritten with new content (new ETag or version) loads again, and a redelivered
/// event for the same content does not.
/// </summary>
/// <param name="Bucket">Bucket.</param>
/// <param name="Key">Key (raw).</param>
/// <param name="VersionId">Version id, or empty.</param>
/// <param name="ETag">ETag without quotes, or empty.</param>
/// <param name="Table">Target table.</param>
public sealed record LoadLogEntry(string Bucket, string Key, string VersionId, string ETag, QualifiedTableName Table)
{
    /// <summary>The target table as stored in the log (its quoted SQL form, unambiguous even with dots in names).</summary>
    public string TableText => Table.ToSql();
}

namespace GapTools.S3ToRedshift.Configuration;

/// <summary>The load log: one row per object and table, written in the COPY's transaction.</summary>
public sealed record LoadLogOptions
{
    /// <summary><c>table</c> or <c>schema.table</c>. Defaults to <c>gaptools_load_log</c>.</summary>
    public string Table { get; set; } = S3ToRedshiftDefaults.LoadLogTable;

    /// <summary>Create the table (<c>CREATE TABLE IF NOT EXISTS</c>) before the first load. Defaults to true.</summary>
    public bool Create { get; set; } = true;
}

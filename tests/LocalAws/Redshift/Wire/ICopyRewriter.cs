namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>Who runs a statement: the startup packet's database and user.</summary>
internal sealed record CopySessionInfo(string Database, string User);

/// <summary>The SQL that replaces one COPY, and what the COPY read (for the cost model).</summary>
/// <param name="Table">The target as <c>schema.name</c>, or empty when the COPY did not get that far.</param>
internal sealed record CopyTranslation(string Sql, string Table, int Files, long Bytes)
{
    /// <summary>A COPY that read no object (it failed first, or nothing translated it): it still costs a statement.</summary>
    public static CopyTranslation NothingRead(string sql, string table = "") => new(sql, table, 0, 0);
}

/// <summary>
/// Turns a Redshift <c>COPY … FROM 's3://…'</c> into SQL that PostgreSQL can run on the client's own session: an
/// INSERT of the loaded rows, or a statement that raises Redshift's error. The proxy never executes COPY itself, so
/// the client's BEGIN / COMMIT / ROLLBACK cover the load exactly as on Redshift.
/// </summary>
internal interface ICopyRewriter
{
    /// <summary>True when <paramref name="sql"/> (one statement) is a COPY from an S3 location.</summary>
    bool IsCopyFromS3(string sql);

    /// <summary>
    /// Replacement SQL for one COPY statement. Never throws for a bad COPY: load errors and unsupported options
    /// come back as a raising statement (<see cref="CopyFailureSql"/>).
    /// </summary>
    Task<CopyTranslation> RewriteAsync(string sql, CopySessionInfo session, CancellationToken cancellationToken);
}

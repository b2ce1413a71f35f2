namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>Who runs a statement: the startup packet's database and user.</summary>
internal sealed record CopySessionInfo(string Database, string User);

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
    Task<string> RewriteAsync(string sql, CopySessionInfo session, CancellationToken cancellationToken);
}

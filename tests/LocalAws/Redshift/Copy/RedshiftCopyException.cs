namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>
/// A COPY failure Redshift would report to the client (load errors, missing S3 objects, unknown table).
/// <see cref="CopyExecutor"/> turns it into a real PostgreSQL error on the caller's session so the caller's
/// transaction is aborted exactly as a failed statement aborts it in Redshift.
/// </summary>
internal sealed class RedshiftCopyException : Exception
{
    public RedshiftCopyException(string message, string sqlState)
        : base(message) => SqlState = sqlState;

    public RedshiftCopyException(string message, string sqlState, Exception innerException)
        : base(message, innerException) => SqlState = sqlState;

    public string SqlState { get; }

    /// <summary>Redshift's message when rows were rejected.</summary>
    public static RedshiftCopyException LoadFailed(string table) =>
        new($"Load into table '{table}' failed. Check 'sys_load_error_detail' system table for details.", SqlStates.InternalError);
}

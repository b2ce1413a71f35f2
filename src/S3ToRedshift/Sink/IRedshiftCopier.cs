namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// The database edge: runs the load-log DDL and queries and the load transaction. One adapter per transport
/// (Npgsql wire, Data API); adapters hold no logic beyond mapping their errors to <see cref="RedshiftLoadException"/>.
/// </summary>
internal interface IRedshiftCopier
{
    /// <summary>Runs one statement outside any explicit transaction (the load log's CREATE TABLE IF NOT EXISTS).</summary>
    Task ExecuteAsync(string sql, CancellationToken cancellationToken);

    /// <summary>Runs the queries and returns their rows of (bucket, key, version id, ETag, target table).</summary>
    Task<IReadOnlyList<LoggedObject>> SelectLoggedAsync(IReadOnlyList<string> queries, CancellationToken cancellationToken);

    /// <summary>
    /// Runs BEGIN; LOCK; guard; COPY; INSERT log rows; COMMIT as one transaction. Throws
    /// <see cref="LoadConflictException"/> when the guard finds an object already logged (nothing committed), and
    /// <see cref="RedshiftLoadException"/> for other failures (nothing committed, unless the connection broke while
    /// COMMIT was in flight: the load log tells on the next attempt).
    /// </summary>
    Task<long> LoadAsync(LoadTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Reads <c>sys_load_error_detail</c> rows of the failed COPY; empty when none can be found.</summary>
    Task<IReadOnlyList<LoadErrorDetail>> ReadLoadErrorsAsync(RedshiftLoadException failure, CancellationToken cancellationToken);
}

/// <summary>A row of the load log, as read back.</summary>
internal sealed record LoggedObject(string Bucket, string Key, string VersionId, string ETag, string TargetTable);

/// <summary>The statements of one load transaction, in order.</summary>
/// <param name="Lock">LOCK of the load log.</param>
/// <param name="CountLogged">Wire guard: counts that must all be 0.</param>
/// <param name="FailIfLogged">Data API guard: statements that fail when an object is logged.</param>
/// <param name="Copy">The COPY.</param>
/// <param name="InsertLog">Load-log inserts.</param>
/// <param name="SourceFiles">The s3:// URLs the COPY reads (to find its rows in <c>sys_load_error_detail</c>).</param>
internal sealed record LoadTransaction(
    string Lock,
    IReadOnlyList<string> CountLogged,
    IReadOnlyList<string> FailIfLogged,
    CopyCommand Copy,
    IReadOnlyList<string> InsertLog,
    IReadOnlyList<string> SourceFiles);

/// <summary>One row of <c>sys_load_error_detail</c> (without the raw line, which may hold personal data).</summary>
/// <param name="FileName">The object's s3:// URL.</param>
/// <param name="LineNumber">Line in the object.</param>
/// <param name="ColumnName">Column that rejected the value.</param>
/// <param name="ErrorCode">Redshift load error code.</param>
/// <param name="ErrorMessage">Why.</param>
public sealed record LoadErrorDetail(string FileName, long LineNumber, string ColumnName, string ErrorCode, string ErrorMessage);

/// <summary>The load-log guard found objects that another worker (or an earlier attempt) already loaded.</summary>
internal sealed class LoadConflictException : Exception
{
    public LoadConflictException()
        : base("Some objects of the batch are already in the load log; the batch is re-planned without them.")
    {
    }

    public LoadConflictException(string message)
        : base(message)
    {
    }

    public LoadConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

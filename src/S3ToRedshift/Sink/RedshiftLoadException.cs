namespace GapTools.S3ToRedshift.Sink;

/// <summary>What kind of failure a load hit; decides retry and message handling.</summary>
public enum LoadFailureKind
{
    /// <summary>Connection lost, timeout, throttling, serialization conflict: retried.</summary>
    Transient,

    /// <summary>Bad data: the COPY rejected rows (<c>sys_load_error_detail</c> has the details). Not retried.</summary>
    BadData,

    /// <summary>Anything else that repeating will not fix: permission, missing table, invalid SQL. Not retried.</summary>
    Permanent,
}

/// <summary>A load statement failed. The message never contains credentials.</summary>
public sealed class RedshiftLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedshiftLoadException(LoadFailureKind kind, string message, string? sqlState = null, long? queryId = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        SqlState = sqlState;
        QueryId = queryId;
    }

    /// <summary>Creates the exception.</summary>
    public RedshiftLoadException()
        : this(LoadFailureKind.Permanent, "The load failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public RedshiftLoadException(string message)
        : this(LoadFailureKind.Permanent, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RedshiftLoadException(string message, Exception innerException)
        : this(LoadFailureKind.Permanent, message, null, null, innerException)
    {
    }

    /// <summary>Transient, bad data, or permanent.</summary>
    public LoadFailureKind Kind { get; }

    /// <summary>SQLSTATE when the database reported one.</summary>
    public string? SqlState { get; }

    /// <summary>The Redshift query id of the failed statement when known (Data API), for <c>sys_load_error_detail</c>.</summary>
    public long? QueryId { get; }

    /// <summary>The rejected rows, when the transport read them on the failing session (wire).</summary>
    public IReadOnlyList<LoadErrorDetail>? Details { get; init; }

    /// <summary>Why the failing session could not read the rejected rows (a missing privilege, say), when it could not.</summary>
    internal string? DetailsUnreadable { get; init; }

    /// <summary>
    /// Classifies a database error by SQLSTATE and text. Redshift reports rejected rows as XX000 "Load into table
    /// 'x' failed. Check 'sys_load_error_detail' system table for details." (older: 'stl_load_errors').
    /// </summary>
    public static LoadFailureKind Classify(string? sqlState, string? message, bool driverSaysTransient)
    {
        if (message is not null && message.Contains("Load into table", StringComparison.OrdinalIgnoreCase)
            && (message.Contains("sys_load_error_detail", StringComparison.OrdinalIgnoreCase) || message.Contains("stl_load_errors", StringComparison.OrdinalIgnoreCase)))
        {
            return LoadFailureKind.BadData;
        }

        if (driverSaysTransient)
        {
            return LoadFailureKind.Transient;
        }

        return sqlState switch
        {
            // Class 08 connection exceptions, 40001 serialization failure, 40P01 deadlock, 53 insufficient resources,
            // 57P01-57P03 admin shutdown / crash shutdown / cannot connect now (maintenance, failover).
            { } s when s.StartsWith("08", StringComparison.Ordinal) || s.StartsWith("53", StringComparison.Ordinal) => LoadFailureKind.Transient,
            "40001" or "40P01" or "57P01" or "57P02" or "57P03" or "57014" => LoadFailureKind.Transient,
            _ => LoadFailureKind.Permanent,
        };
    }
}

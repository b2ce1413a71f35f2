using System.Text;
using Npgsql;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>
/// A COPY whose files have been read, converted and checked: the accepted rows (spooled), the rejected ones
/// (already recorded in sys_load_error_detail), and the table. Load it on the caller's session either with
/// <see cref="CopyIntoAsync"/> (an open <see cref="NpgsqlConnection"/>) or by running <see cref="ToInsertSqlAsync"/>'s
/// SQL there (a wire proxy that rewrites statements).
/// </summary>
internal sealed class PreparedCopy : IAsyncDisposable
{
    private readonly StagedRows _rows;

    internal PreparedCopy(TargetTable table, StagedRows rows, IReadOnlyList<LoadError> errors, long? errorQueryId, int files, long bytes)
    {
        Table = table;
        Files = files;
        Bytes = bytes;
        _rows = rows;
        Errors = errors;
        ErrorQueryId = errorQueryId;
    }

    public TargetTable Table { get; }

    /// <summary>Objects the COPY read.</summary>
    public int Files { get; }

    /// <summary>Their stored size in bytes (compressed where they are).</summary>
    public long Bytes { get; }

    /// <summary>Rows that will be loaded.</summary>
    public long RowCount => _rows.Count;

    /// <summary>Rows rejected but tolerated by MAXERROR.</summary>
    public IReadOnlyList<LoadError> Errors { get; }

    /// <summary>The query_id of this load's rows in sys_load_error_detail, when there are any.</summary>
    public long? ErrorQueryId { get; }

    /// <summary>Loads the rows with one <c>COPY … FROM STDIN (FORMAT csv)</c> on <paramref name="connection"/>.</summary>
    public Task<long> CopyIntoAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        _rows.CopyIntoAsync(connection, Table, cancellationToken);

    /// <summary>One <c>INSERT … VALUES</c> statement with every row as literals (PostgreSQL casts them to the column types).</summary>
    public async Task<string> ToInsertSqlAsync(CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", Table.Columns.Select(c => SqlText.Identifier(c.Name)));
        var sql = new StringBuilder($"INSERT INTO {Table.QualifiedSql} ({columns}) ");
        if (RowCount == 0)
        {
            return sql.Append("SELECT ").AppendJoin(", ", Table.Columns.Select(_ => "NULL")).Append(" WHERE false").ToString();
        }

        sql.Append("VALUES ");
        var first = true;
        await foreach (var row in _rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sql.Append(first ? "(" : ", (").AppendJoin(", ", row.Select(v => v is null ? "NULL" : SqlText.Literal(v))).Append(')');
            first = false;
        }

        return sql.ToString();
    }

    public ValueTask DisposeAsync() => _rows.DisposeAsync();
}

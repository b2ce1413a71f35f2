using System.Text;
using GapTools.S3ToRedshift.Routing;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// SQL for the load log, the table that makes loads exactly once: one row per (bucket, key, version id, ETag,
/// target table) committed in the same transaction as the COPY. Written to run unchanged on Redshift and
/// PostgreSQL. Statements that list objects are split so none exceeds <see cref="MaxStatementLength"/>
/// (the Data API accepts at most 100 KB per statement).
/// </summary>
public sealed class LoadLogSql
{
    private const string Columns = "bucket, object_key, version_id, etag, target_table";

    /// <summary>Creates the builder for <paramref name="table"/>.</summary>
    public LoadLogSql(QualifiedTableName table, int maxStatementLength = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStatementLength, 4_096);
        Table = table;
        MaxStatementLength = maxStatementLength;
    }

    /// <summary>The load-log table.</summary>
    public QualifiedTableName Table { get; }

    /// <summary>Longest statement produced (characters).</summary>
    public int MaxStatementLength { get; }

    /// <summary><c>CREATE TABLE IF NOT EXISTS</c> with the log's columns.</summary>
    public string CreateTable() =>
        $"CREATE TABLE IF NOT EXISTS {Table.ToSql()} (" +
        "bucket VARCHAR(255) NOT NULL, object_key VARCHAR(1024) NOT NULL, version_id VARCHAR(1024) NOT NULL, " +
        "etag VARCHAR(256) NOT NULL, target_table VARCHAR(600) NOT NULL, size_bytes BIGINT, " +
        "batch_id VARCHAR(64) NOT NULL, loaded_at TIMESTAMP NOT NULL)";

    /// <summary>Serialises loads: concurrent workers wait here, so the check-then-insert below is atomic.</summary>
    public string Lock() => $"LOCK {Table.ToSql()}";

    /// <summary>Queries returning the identity columns of the entries already logged.</summary>
    public IReadOnlyList<string> SelectLogged(IReadOnlyList<LoadLogEntry> entries) =>
        Chunk($"SELECT {Columns} FROM {Table.ToSql()} WHERE ", " OR ", "", entries, Predicate);

    /// <summary>Queries returning one count each: how many of the entries are already logged.</summary>
    public IReadOnlyList<string> CountLogged(IReadOnlyList<LoadLogEntry> entries) =>
        Chunk($"SELECT COUNT(*) FROM {Table.ToSql()} WHERE ", " OR ", "", entries, Predicate);

    /// <summary>
    /// Statements that fail (an invalid integer cast) when any entry is already logged, for transports that
    /// cannot inspect a result inside the transaction (the Data API's BatchExecuteStatement). The cast reads a
    /// column, so no planner can fold it away when no row matches.
    /// </summary>
    public IReadOnlyList<string> FailIfLogged(IReadOnlyList<LoadLogEntry> entries) =>
        Chunk($"SELECT CAST('gaptools-already-loaded:' || object_key AS INTEGER) FROM {Table.ToSql()} WHERE ", " OR ", "", entries, Predicate);

    /// <summary>Inserts the entries with the batch id and load time.</summary>
    public IReadOnlyList<string> Insert(IReadOnlyList<LoadLogEntry> entries, IReadOnlyDictionary<LoadLogEntry, long?> sizes, string batchId, DateTimeOffset loadedAt)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var tail = ", " + SqlLiteral.Quote(batchId) + ", " + SqlLiteral.Timestamp(loadedAt) + ")";
        return Chunk(
            $"INSERT INTO {Table.ToSql()} ({Columns}, size_bytes, batch_id, loaded_at) VALUES ",
            ", ",
            "",
            entries,
            e => "(" + Values(e) + ", " + (sizes.TryGetValue(e, out var s) && s is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "NULL") + tail);
    }

    private static string Values(LoadLogEntry e) =>
        string.Join(", ", SqlLiteral.Expression(e.Bucket), SqlLiteral.Expression(e.Key), SqlLiteral.Expression(e.VersionId), SqlLiteral.Expression(e.ETag), SqlLiteral.Expression(e.TableText));

    private static string Predicate(LoadLogEntry e) =>
        $"(bucket = {SqlLiteral.Expression(e.Bucket)} AND object_key = {SqlLiteral.Expression(e.Key)} AND version_id = {SqlLiteral.Expression(e.VersionId)} " +
        $"AND etag = {SqlLiteral.Expression(e.ETag)} AND target_table = {SqlLiteral.Expression(e.TableText)})";

    private List<string> Chunk(string head, string separator, string end, IReadOnlyList<LoadLogEntry> entries, Func<LoadLogEntry, string> render)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var statements = new List<string>();
        var sql = new StringBuilder();
        var count = 0;
        foreach (var entry in entries)
        {
            var part = render(entry);
            if (count > 0 && sql.Length + separator.Length + part.Length + end.Length > MaxStatementLength)
            {
                statements.Add(sql.Append(end).ToString());
                sql.Clear();
                count = 0;
            }

            sql.Append(count == 0 ? head : separator).Append(part);
            count++;
        }

        if (count > 0)
        {
            statements.Add(sql.Append(end).ToString());
        }

        return statements;
    }
}

using System.Collections.Concurrent;
using GapTools.LocalAws.Redshift.Copy;
using Npgsql;

namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>
/// The proxy's COPY translation over the COPY stand-in: parse, read and check the S3 objects (on a separate admin
/// connection to the client's database, which also records rejected rows in sys_load_error_detail so they
/// survive the client's rollback), then hand back one <c>INSERT … VALUES</c> for the client's own session, or a
/// statement that raises the error Redshift would report.
/// </summary>
/// <remarks>
/// The separate connection sees only committed tables, so a table created earlier in the client's still-open
/// transaction is not found; search_path is the admin user's.
/// </remarks>
internal sealed class CopyRewriter(Func<IS3ObjectSource> objects, string adminConnectionString, TimeProvider time) : ICopyRewriter, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, NpgsqlDataSource> catalogs = new(StringComparer.Ordinal);

    public bool IsCopyFromS3(string sql) => IsCopyFromS3Statement(sql);

    /// <summary>
    /// The translator's own test: a COPY from S3 even when it will fail to parse (it must then fail clearly, not
    /// reach PostgreSQL as a server-side file COPY).
    /// </summary>
    public static bool IsCopyFromS3Statement(string sql) =>
        CopyStatementParser.TryParseDetailed(sql, out _, out CopyParseError? error) || error is { IsNotCopyFromS3: false };

    public async Task<CopyTranslation> RewriteAsync(string sql, CopySessionInfo session, CancellationToken cancellationToken)
    {
        if (!CopyStatementParser.TryParseDetailed(sql, out var statement, out CopyParseError? error))
        {
            return CopyTranslation.NothingRead(error!.IsNotCopyFromS3 ? sql : CopyFailureSql.Raise(error.SqlState, error.Message));
        }

        try
        {
            await using var catalog = await Catalog(session.Database).OpenConnectionAsync(cancellationToken);
            await using var prepared = await new CopyExecutor(objects(), time).PrepareAsync(statement!, catalog, cancellationToken);
            return new CopyTranslation(await prepared.ToInsertSqlAsync(cancellationToken), TableKey(prepared.Table.Schema, prepared.Table.Name), prepared.Files, prepared.Bytes);
        }
        catch (RedshiftCopyException e)
        {
            return CopyTranslation.NothingRead(CopyFailureSql.Raise(e.SqlState, e.Message), TableKey(statement!.Table.Schema, statement.Table.Name));
        }
        catch (PostgresException e)
        {
            return CopyTranslation.NothingRead(CopyFailureSql.Raise(e.SqlState, e.MessageText), TableKey(statement!.Table.Schema, statement.Table.Name));
        }
    }

    /// <summary>schema.name as the cost model's per-table gate knows it (a COPY that names no schema loads into public).</summary>
    private static string TableKey(string? schema, string name) => $"{schema ?? "public"}.{name}";

    public async ValueTask DisposeAsync()
    {
        foreach (var catalog in catalogs.Values)
        {
            await catalog.DisposeAsync();
        }

        catalogs.Clear();
    }

    private NpgsqlDataSource Catalog(string database) =>
        catalogs.GetOrAdd(database, name => NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString));
}

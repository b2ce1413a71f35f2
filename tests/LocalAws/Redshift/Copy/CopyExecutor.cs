using Npgsql;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>
/// Executes a parsed Redshift COPY against PostgreSQL on the caller's connection, inside whatever transaction
/// the caller has open: resolve the S3 objects, decompress, split records, convert with Redshift's rules, check
/// values with PostgreSQL, record rejected rows, then load the accepted rows with one <c>COPY … FROM STDIN</c>.
/// </summary>
/// <remarks>
/// Failures Redshift reports (rejected rows beyond MAXERROR, missing objects, unknown table) are raised on the
/// caller's session as PostgreSQL errors, so the caller sees a <see cref="PostgresException"/> with Redshift's
/// message and an open transaction is aborted as Redshift aborts it. Rejected rows are recorded in
/// <c>sys_load_error_detail</c> through a separate connection, so they survive that rollback.
/// </remarks>
internal sealed class CopyExecutor(IS3ObjectSource objects, TimeProvider? timeProvider = null)
{
    /// <summary>Rows converted and checked per round trip to PostgreSQL.</summary>
    internal const int BatchSize = 1000;

    private readonly CopySourceResolver _resolver = new(objects);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Loads the data and returns the number of rows loaded (what Redshift reports as <c>COPY n</c>).</summary>
    /// <exception cref="PostgresException">The load failed; the message and SQLSTATE are what Redshift would send.</exception>
    public async Task<long> ExecuteAsync(CopyStatement statement, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            await using var prepared = await PrepareAsync(statement, connection, cancellationToken).ConfigureAwait(false);
            return await prepared.CopyIntoAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (RedshiftCopyException e)
        {
            await RaiseAsync(connection, e.Message, e.SqlState, cancellationToken).ConfigureAwait(false);
            throw; // not reached: RaiseAsync always throws
        }
    }

    /// <summary>
    /// Reads, converts and checks everything and records rejected rows, without loading. <paramref name="catalog"/>
    /// resolves the table and checks values; it is the caller's session for <see cref="ExecuteAsync"/>, but may be
    /// another connection to the same database.
    /// </summary>
    /// <exception cref="RedshiftCopyException">The load must fail (more rejected rows than MAXERROR, missing objects, unknown table).</exception>
    public async Task<PreparedCopy> PrepareAsync(CopyStatement statement, NpgsqlConnection catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(catalog);
        var startTime = _time.GetUtcNow();
        var table = await TargetTable.LoadAsync(catalog, statement.Table, statement.Columns, cancellationToken).ConfigureAwait(false);
        var files = await _resolver.ResolveAsync(statement, cancellationToken).ConfigureAwait(false);
        var jsonPaths = statement.Format is JsonFormat { Mode: JsonMode.JsonPaths, JsonPaths: { } pathsUrl }
            ? JsonPath.ParseFile(await _resolver.ReadAllAsync(pathsUrl, "JSONPaths", cancellationToken).ConfigureAwait(false), pathsUrl, table.Columns.Count)
            : null;

        var errors = new List<LoadError>();
        var check = new PostgresValueCheck(catalog);
        var staged = new StagedRows();
        long bytes = 0;
        try
        {
            foreach (var file in files)
            {
                bytes += await ReadFileAsync(statement, file, table, jsonPaths, check, staged, errors, cancellationToken).ConfigureAwait(false);
                if (errors.Count > statement.MaxError)
                {
                    break; // Redshift stops reading once the load has failed
                }
            }

            long? queryId = errors.Count > 0
                ? await LoadErrorLog.WriteAsync(catalog, table, errors, startTime, cancellationToken).ConfigureAwait(false)
                : null;
            if (errors.Count > statement.MaxError)
            {
                throw RedshiftCopyException.LoadFailed(table.Name);
            }

            return new PreparedCopy(table, staged, errors, queryId, files.Count, bytes);
        }
        catch
        {
            await staged.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Fails the current statement on <paramref name="connection"/> with the given message and SQLSTATE, raised by
    /// the server itself so an open transaction becomes aborted. Always throws the resulting <see cref="PostgresException"/>.
    /// Use it for COPY statements that did not parse, too (see <see cref="CopyParseError"/>).
    /// </summary>
    public static async Task RaiseAsync(NpgsqlConnection connection, string message, string sqlState, CancellationToken cancellationToken)
    {
        var tag = "$gaptools_" + Guid.NewGuid().ToString("N") + "$";
        var sql = $"DO {tag} BEGIN RAISE EXCEPTION USING MESSAGE = {SqlText.Literal(message)}, ERRCODE = {SqlText.Literal(sqlState)}; END {tag}";
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        throw new InvalidOperationException("The server did not raise the COPY error.");
    }

    /// <summary>Reads one object into <paramref name="staged"/>; returns its stored size (what the cost model charges).</summary>
    private async Task<long> ReadFileAsync(
        CopyStatement statement, S3Url file, TargetTable table, IReadOnlyList<JsonPath>? jsonPaths, PostgresValueCheck check,
        StagedRows staged, List<LoadError> errors, CancellationToken cancellationToken)
    {
        var source = await _resolver.OpenAsync(file, cancellationToken).ConfigureAwait(false);
        var size = source.CanSeek ? source.Length : 0;
        await using var stream = CopyDecompression.Open(source, statement.Compression, file);
        var records = statement.Format is JsonFormat json
            ? JsonRecordReader.ReadAsync(stream, file, json, table.Columns, jsonPaths, cancellationToken)
            : TextRecordReader.ReadAsync(stream, file, statement.Format, table.Columns.Count, cancellationToken);

        await foreach (var batch in records.Chunk(BatchSize).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var converted = batch.Select(r => RowConverter.Convert(r, table.Columns, statement)).ToList();
            foreach (var row in await check.CheckAsync(converted, table.Columns, cancellationToken).ConfigureAwait(false))
            {
                if (row.Error is not null)
                {
                    errors.Add(row.Error);
                }
                else
                {
                    await staged.WriteAsync(row.Values!, cancellationToken).ConfigureAwait(false);
                }
            }

            if (errors.Count > statement.MaxError)
            {
                return size;
            }
        }

        return size;
    }
}

using System.Data.Common;
using Npgsql;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// The wire transport: the load transaction on one pooled Npgsql connection. Npgsql reconnects by opening a
/// fresh physical connection after a broken one is discarded; retrying is the caller's pipeline's job.
/// Errors become <see cref="RedshiftLoadException"/> (message text only: never the statement, which may hold
/// credentials).
/// </summary>
internal sealed class NpgsqlRedshiftCopier(NpgsqlDataSource dataSource, TimeSpan commandTimeout, Action? temporaryPasswordRefused = null) : IRedshiftCopier
{
    // Rows of the newest failed load that named one of this batch's files. (Not by session: Npgsql closes the
    // failed connection after XX000, and the stand-in records its own session.) Redshift pads file_name.
    internal static string LoadErrorsSql(IReadOnlyList<string> files) =>
        "SELECT TRIM(file_name), line_number, TRIM(column_name), error_code, TRIM(error_message) FROM sys_load_error_detail " +
        "WHERE query_id = (SELECT MAX(query_id) FROM sys_load_error_detail WHERE TRIM(file_name) IN (" +
        string.Join(", ", files.Select(SqlLiteral.Expression)) + ")) ORDER BY line_number LIMIT 100";

    private readonly int _timeoutSeconds = (int)Math.Clamp(commandTimeout.TotalSeconds, 1, int.MaxValue);

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await NonQueryAsync(connection, null, sql, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (Map(e) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<IReadOnlyList<LoggedObject>> SelectLoggedAsync(IReadOnlyList<string> queries, CancellationToken cancellationToken)
    {
        var rows = new List<LoggedObject>();
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                foreach (var query in queries)
                {
                    var command = new NpgsqlCommand(query, connection) { CommandTimeout = _timeoutSeconds };
                    await using (command.ConfigureAwait(false))
                    {
                        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        await using (reader.ConfigureAwait(false))
                        {
                            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            {
                                rows.Add(new LoggedObject(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
                            }
                        }
                    }
                }
            }
        }
        catch (Exception e) when (Map(e) is { } mapped)
        {
            throw mapped;
        }

        return rows;
    }

    /// <summary>
    /// The load in three round trips, as few as a bare <c>BEGIN; COPY; COMMIT</c> takes: BEGIN (which Npgsql sends
    /// with the first command), LOCK and the guard's counts; then the COPY with the load-log rows; then COMMIT.
    /// </summary>
    public async Task<long> LoadAsync(LoadTransaction transaction, CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (await LockAndCountLoggedAsync(connection, tx, transaction, cancellationToken).ConfigureAwait(false) > 0)
                {
                    await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    throw new LoadConflictException();
                }

                var rows = await CopyAndLogAsync(connection, tx, transaction, cancellationToken).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return rows;
            }
            finally
            {
                await DisposeQuietlyAsync(tx).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (Map(e) is { } mapped)
        {
            throw mapped;
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // LOCK, then one COUNT(*) per chunk of the batch's objects, in one batch: how many are already logged.
    private async Task<long> LockAndCountLoggedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, LoadTransaction transaction, CancellationToken cancellationToken)
    {
        var batch = Batch(connection, tx, [transaction.Lock, .. transaction.CountLogged]);
        await using (batch.ConfigureAwait(false))
        {
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                long logged = 0;
                do
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        logged += Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));

                return logged;
            }
        }
    }

    // The COPY and the load-log rows in one batch: when the COPY fails, the server skips the inserts (so only the
    // COPY can fail with rejected rows).
    private async Task<long> CopyAndLogAsync(NpgsqlConnection connection, NpgsqlTransaction tx, LoadTransaction transaction, CancellationToken cancellationToken)
    {
        var batch = Batch(connection, tx, [transaction.Copy.ToSql(), .. transaction.InsertLog]);
        await using (batch.ConfigureAwait(false))
        {
            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return batch.BatchCommands[0].RecordsAffected;
            }
            catch (PostgresException e) when (RedshiftLoadException.Classify(e.SqlState, e.MessageText, e.IsTransient) == LoadFailureKind.BadData)
            {
                var (details, unreadable) = await ReadDetailsAsync(transaction.SourceFiles, cancellationToken).ConfigureAwait(false);
                throw new RedshiftLoadException(LoadFailureKind.BadData, Describe(e), e.SqlState, null, e) { Details = details, DetailsUnreadable = unreadable };
            }
        }
    }

    private NpgsqlBatch Batch(NpgsqlConnection connection, NpgsqlTransaction tx, IEnumerable<string> statements)
    {
        var batch = new NpgsqlBatch(connection, tx) { Timeout = _timeoutSeconds };
        foreach (var sql in statements)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        }

        return batch;
    }

    public Task<IReadOnlyList<LoadErrorDetail>> ReadLoadErrorsAsync(RedshiftLoadException failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.DetailsUnreadable is { } reason
            ? Task.FromException<IReadOnlyList<LoadErrorDetail>>(new RedshiftLoadException(LoadFailureKind.Permanent, reason))
            : Task.FromResult(failure.Details ?? []);
    }

    private async Task<long> NonQueryAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, tx) { CommandTimeout = _timeoutSeconds };
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // The rejected rows, or (when the read itself fails: a missing SELECT privilege, say) why they cannot be shown.
    private async Task<(IReadOnlyList<LoadErrorDetail>? Details, string? Unreadable)> ReadDetailsAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var details = new List<LoadErrorDetail>();
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var _ = connection.ConfigureAwait(false);
            var command = new NpgsqlCommand(LoadErrorsSql(files), connection) { CommandTimeout = _timeoutSeconds };
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        details.Add(new LoadErrorDetail(
                            Text(reader, 0), reader.IsDBNull(1) ? 0 : Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
                            Text(reader, 2), Text(reader, 3), Text(reader, 4)));
                    }
                }
            }
        }
        catch (DbException e)
        {
            // The details are a courtesy for the log (the failure itself is known), but not a silent one.
            return (null, e is PostgresException pg ? Describe(pg) : e.Message);
        }

        return (details, null);
    }

    private RedshiftLoadException RefusedTemporaryPassword(PostgresException e)
    {
        temporaryPasswordRefused!();
        return new RedshiftLoadException(LoadFailureKind.Transient, Describe(e), e.SqlState, null, e);
    }

    private static async Task DisposeQuietlyAsync(NpgsqlTransaction transaction)
    {
        try
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or NpgsqlException)
        {
            // The connection broke (a dropped socket, or Npgsql closing it after an XX000 load error): the server
            // has rolled back already, and the error that matters is the one being thrown.
        }
    }

    private static string Text(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? "" : Convert.ToString(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture)!.Trim();

    private static string Describe(PostgresException e) => $"{e.SqlState}: {e.MessageText}";

    /// <summary>
    /// A server error's kind. XX000 is Redshift's catch-all: rejected rows ("Load into table … Check
    /// 'sys_load_error_detail'") are bad data, other XX000s are permanent — except when the server ended the session
    /// with it (severity FATAL or PANIC: a node failure, a failover during maintenance), which is an outage, not a
    /// message problem.
    /// </summary>
    internal static LoadFailureKind Classify(PostgresException e)
    {
        var kind = RedshiftLoadException.Classify(e.SqlState, e.MessageText, e.IsTransient);
        return kind == LoadFailureKind.Permanent && e.SqlState == "XX000" && e.InvariantSeverity is "FATAL" or "PANIC"
            ? LoadFailureKind.Transient
            : kind;
    }

    private RedshiftLoadException? Map(Exception e) => e switch
    {
        RedshiftLoadException or LoadConflictException or OperationCanceledException => null,

        // 28P01 invalid_password with temporary credentials: expired or replaced. Fetch new ones and retry.
        PostgresException { SqlState: "28P01" } p when temporaryPasswordRefused is not null => RefusedTemporaryPassword(p),
        PostgresException p => new RedshiftLoadException(Classify(p), Describe(p), p.SqlState, null, p),
        NpgsqlException n => new RedshiftLoadException(n.IsTransient ? LoadFailureKind.Transient : LoadFailureKind.Permanent, n.Message, n.SqlState, null, n),
        TimeoutException or IOException => new RedshiftLoadException(LoadFailureKind.Transient, e.Message, null, null, e),
        _ => null,
    };
}

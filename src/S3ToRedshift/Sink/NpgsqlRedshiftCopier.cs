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
    /// The load in two round trips, one fewer than a bare <c>BEGIN; COPY; COMMIT</c>: BEGIN, LOCK and the guard's
    /// counts in one batch; then the COPY, the load-log rows and COMMIT in another. When any statement of the second
    /// fails the server skips the rest, COMMIT included, and the transaction is rolled back.
    /// </summary>
    public async Task<long> LoadAsync(LoadTransaction transaction, CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        var committed = false;
        try
        {
            connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (await BeginLockAndCountLoggedAsync(connection, transaction, cancellationToken).ConfigureAwait(false) > 0)
            {
                throw new LoadConflictException();
            }

            var rows = await CopyLogAndCommitAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            committed = true;
            return rows;
        }
        catch (Exception e) when (Map(e) is { } mapped)
        {
            throw mapped;
        }
        finally
        {
            if (connection is not null)
            {
                if (!committed)
                {
                    await RollbackQuietlyAsync(connection).ConfigureAwait(false);
                }

                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // BEGIN, LOCK, then one COUNT(*) per chunk of the batch's objects: how many are already logged.
    private async Task<long> BeginLockAndCountLoggedAsync(NpgsqlConnection connection, LoadTransaction transaction, CancellationToken cancellationToken)
    {
        var batch = Batch(connection, ["BEGIN", transaction.Lock, .. transaction.CountLogged]);
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

    // The COPY, the load-log rows and COMMIT: only the COPY can fail with rejected rows (nothing after it runs then).
    private async Task<long> CopyLogAndCommitAsync(NpgsqlConnection connection, LoadTransaction transaction, CancellationToken cancellationToken)
    {
        var batch = Batch(connection, [transaction.Copy.ToSql(), .. transaction.InsertLog, "COMMIT"]);
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

    // A conflict, a failed statement or a cancellation leaves the transaction open or aborted on a connection that
    // may go back to the pool: end it. A broken connection (Npgsql closes it after XX000 or a reset) has nothing to end.
    private static async Task RollbackQuietlyAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            var rollback = new NpgsqlCommand("ROLLBACK", connection) { CommandTimeout = 10 };
            await using (rollback.ConfigureAwait(false))
            {
                await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The connection broke on the way: the server rolls the transaction back with the session.
        }
    }

    private NpgsqlBatch Batch(NpgsqlConnection connection, IEnumerable<string> statements)
    {
        var batch = new NpgsqlBatch(connection) { Timeout = _timeoutSeconds };
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

using Npgsql;
using NpgsqlTypes;

namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>
/// Runs a submitted statement on its own connection in the background: STARTED, each SQL in turn (a batch inside
/// BEGIN … COMMIT, so any failure rolls everything back), then FINISHED, FAILED with the database's error text, or
/// ABORTED after CancelStatement.
/// </summary>
internal sealed class DataApiRunner(RedshiftDataApiState state)
{
    private TimeProvider Time => state.Time;

    /// <summary>Never throws: every outcome ends up in the statement. Disposes the connection and frees the cluster slot.</summary>
    public async Task RunAsync(DataApiStatement statement, NpgsqlConnection connection, IReadOnlyList<BoundSql> sqls)
    {
        var token = statement.Cancellation;
        var started = Time.GetTimestamp();
        var current = -1;
        var partStarted = started;
        try
        {
            await using (connection)
            {
                token.ThrowIfCancellationRequested();
                statement.Start(Time.GetUtcNow(), connection.ProcessID);
                await using var transaction = statement.Submission.IsBatch ? await connection.BeginTransactionAsync(token) : null;
                for (current = 0; current < sqls.Count; current++)
                {
                    partStarted = Time.GetTimestamp();
                    statement.StartPart(current, Time.GetUtcNow(), state.NextQueryId());
                    var (rows, result) = await ExecuteAsync(connection, sqls[current], token);
                    statement.FinishPart(current, Time.GetUtcNow(), Nanos(partStarted), rows, result);
                }

                current = -1;
                if (transaction is not null)
                {
                    await transaction.CommitAsync(token);
                }
            }

            statement.End(StatementStatus.Finished, Time.GetUtcNow(), Nanos(started));
        }
#pragma warning disable CA1031 // Whatever stopped a cancelled statement, it was aborted.
        catch (Exception) when (token.IsCancellationRequested)
#pragma warning restore CA1031
        {
            statement.End(StatementStatus.Aborted, Time.GetUtcNow(), Nanos(started));
        }
        catch (PostgresException e)
        {
            // Redshift's own wording, e.g. "ERROR: Load into table 't' failed. Check 'sys_load_error_detail' ...".
            Fail(statement, $"{e.InvariantSeverity}: {e.MessageText}", current, started, partStarted);
        }
        catch (NpgsqlException e)
        {
            Fail(statement, $"Connection to the cluster was lost: {e.Message}" + (e.InnerException is { } inner ? $" ({inner.Message})" : ""), current, started, partStarted);
        }
#pragma warning disable CA1031 // An emulator bug must show up as a FAILED statement, not leave it STARTED forever.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fail(statement, $"LocalAws failed to run the statement: {e.GetType().Name}: {e.Message}", current, started, partStarted);
        }
        finally
        {
            state.Release(statement.Identity.ClusterIdentifier);
        }
    }

    private void Fail(DataApiStatement statement, string error, int current, long started, long partStarted) =>
        statement.End(StatementStatus.Failed, Time.GetUtcNow(), Nanos(started), error, current >= 0 ? current : null, Nanos(partStarted));

    private long Nanos(long since) => Time.GetElapsedTime(since).Ticks * 100;

    /// <summary>Runs one statement; returns ResultRows (rows returned, else rows affected) and the result set if any.</summary>
    private static async Task<(long Rows, StatementResult? Result)> ExecuteAsync(NpgsqlConnection connection, BoundSql sql, CancellationToken cancellationToken)
    {
        // Text results: every value arrives in PostgreSQL's output form, which is what Redshift's Data API returns.
        await using var command = new NpgsqlCommand(sql.Sql, connection) { AllResultTypesAreUnknown = true };
        foreach (var value in sql.Values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Unknown });
        }

        List<RowDescriptionColumn>? columns = null;
        var rows = new List<string?[]>();
        long affected;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (reader.FieldCount > 0)
            {
                columns = await ResultColumns.DescribeAsync(reader, cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var row = new string?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = await reader.IsDBNullAsync(i, cancellationToken) ? null : reader.GetString(i);
                    }

                    rows.Add(row);
                }
            }

            while (await reader.NextResultAsync(cancellationToken))
            {
                // A single statement has one result; drain anything else so the connection stays usable.
            }

            await reader.CloseAsync();
            affected = reader.RecordsAffected;
        }

        if (columns is null)
        {
            return (Math.Max(affected, 0), null);
        }

        var described = await ResultColumns.ResolveAsync(connection, columns, cancellationToken);
        return (rows.Count, new StatementResult(described, rows));
    }
}

using Npgsql;
using NpgsqlTypes;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>
/// Records rejected rows in <c>public.sys_load_error_detail</c> (Redshift's columns, plus STL_LOAD_ERRORS'
/// raw_line and raw_field_value). It writes through a separate connection that commits at once: in Redshift the
/// error log is outside the user's transaction, and the failed COPY is about to roll that transaction back.
/// </summary>
public static class LoadErrorLog
{
    public const string TableName = "sys_load_error_detail";

    /// <summary>Creates the table and its query id sequence (tests that set privileges on it create it first).</summary>
    public const string CreateSql = """
        CREATE TABLE IF NOT EXISTS public.sys_load_error_detail (
          user_id integer, query_id bigint, transaction_id bigint, session_id integer, database_name text,
          table_id bigint, start_time timestamp, file_name text, line_number bigint, column_name text,
          column_type text, column_length text, position integer, error_code integer, error_message text,
          raw_line text, raw_field_value text);
        CREATE SEQUENCE IF NOT EXISTS public.sys_load_error_detail_query_id_seq;
        """;

    private const string InsertSql = """
        WITH q AS (SELECT nextval('public.sys_load_error_detail_query_id_seq') AS id)
        INSERT INTO public.sys_load_error_detail (user_id, query_id, session_id, database_name, table_id, start_time,
          file_name, line_number, column_name, column_type, column_length, error_code, error_message, raw_line, raw_field_value)
        SELECT (SELECT oid::integer FROM pg_roles WHERE rolname = current_user), q.id, $1, current_database(), $2, $3, u.*
        FROM q, unnest($4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::integer[], $10::text[], $11::text[], $12::text[]) AS u
        RETURNING query_id
        """;

    /// <summary>Writes the errors as one load (one query_id) and returns that id.</summary>
    internal static async Task<long> WriteAsync(
        NpgsqlConnection session, TargetTable table, IReadOnlyList<LoadError> errors, DateTimeOffset startTime, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = (NpgsqlConnection)((ICloneable)session).Clone();
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await EnsureTableAsync(connection, cancellationToken).ConfigureAwait(false);
            await using var transaction = await BeginAsync(connection, cancellationToken).ConfigureAwait(false);
            await using var insert = new NpgsqlCommand(InsertSql, connection, transaction)
            {
                Parameters =
                {
                    new() { Value = session.ProcessID, NpgsqlDbType = NpgsqlDbType.Integer },
                    new() { Value = table.Oid, NpgsqlDbType = NpgsqlDbType.Bigint },
                    // Redshift's start_time is a UTC timestamp without time zone.
                    new() { Value = DateTime.SpecifyKind(startTime.UtcDateTime, DateTimeKind.Unspecified), NpgsqlDbType = NpgsqlDbType.Timestamp },
                    TextArray(errors.Select(e => e.FileName)),
                    new() { Value = errors.Select(e => e.LineNumber).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                    TextArray(errors.Select(e => e.ColumnName)),
                    TextArray(errors.Select(e => e.ColumnType)),
                    TextArray(errors.Select(e => e.ColumnLength)),
                    new() { Value = errors.Select(e => e.ErrorCode).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
                    TextArray(errors.Select(e => e.ErrorMessage)),
                    TextArray(errors.Select(e => e.RawLine)),
                    TextArray(errors.Select(e => e.RawFieldValue)),
                },
            };
            var queryId = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return queryId;
        }
        catch (NpgsqlException e)
        {
            // Never let rejected rows go unrecorded silently, even when MAXERROR would accept the load.
            throw new RedshiftCopyException($"Could not record load errors in {TableName}: {e.Message}", SqlStates.InternalError, e);
        }
    }

    private static async Task EnsureTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginAsync(connection, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var create = new NpgsqlCommand(CreateSql, connection, transaction);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
        {
            // Another load created it at the same moment: IF NOT EXISTS does not cover that race.
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A short lock timeout: if the caller's own open transaction holds a lock on the error table (say, it created
    /// it), waiting would deadlock the caller against itself.
    /// </summary>
    private static async Task<NpgsqlTransaction> BeginAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var timeout = new NpgsqlCommand("SET LOCAL lock_timeout = '10s'", connection, transaction);
        await timeout.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return transaction;
    }

    private static NpgsqlParameter TextArray(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}

using Npgsql;
using NpgsqlTypes;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>
/// Asks PostgreSQL whether values parse as their column's type before anything is loaded, so that a bad value
/// rejects one row (recorded, counted against MAXERROR) instead of aborting the whole COPY. The check runs each
/// cast in its own subtransaction (a PL/pgSQL exception block), which leaves the caller's transaction intact.
/// </summary>
internal sealed class PostgresValueCheck(NpgsqlConnection connection)
{
    // A temporary function: it lives in this session only and needs no privileges beyond TEMP.
    private const string CreateFunctionSql = """
        CREATE OR REPLACE FUNCTION pg_temp.gaptools_copy_check(vals text[], type_name text)
        RETURNS TABLE (idx int, message text) LANGUAGE plpgsql AS $fn$
        DECLARE k int;
        BEGIN
          FOR k IN 1 .. coalesce(array_length(vals, 1), 0) LOOP
            BEGIN
              EXECUTE format('SELECT $1::%s', type_name) USING vals[k];
            EXCEPTION WHEN others THEN
              idx := k; message := SQLERRM; RETURN NEXT;
            END;
          END LOOP;
        END $fn$
        """;

    private bool _functionCreated;

    /// <summary>
    /// Rows whose non-character values PostgreSQL rejects get an error (unless a column further left already has
    /// one); the others are returned as they were. Columns are checked left to right.
    /// </summary>
    public async Task<IReadOnlyList<ConvertedRow>> CheckAsync(
        IReadOnlyList<ConvertedRow> rows, IReadOnlyList<TargetColumn> columns, CancellationToken cancellationToken)
    {
        var result = rows.ToArray();
        for (var c = 0; c < columns.Count; c++)
        {
            if (columns[c].IsCharacter)
            {
                continue; // any text is a valid string; lengths were checked in bytes by RowConverter
            }

            var distinct = result.Where(r => r.HasValueFor(c)).Select(r => r.Values![c]).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
            if (distinct.Length == 0)
            {
                continue;
            }

            var invalid = await FindInvalidAsync(columns[c].TypeName, distinct, cancellationToken).ConfigureAwait(false);
            if (invalid.Count == 0)
            {
                continue;
            }

            for (var r = 0; r < result.Length; r++)
            {
                if (result[r].HasValueFor(c) && result[r].Values![c] is { } value && invalid.TryGetValue(value, out var message))
                {
                    var error = RowConverter.ErrorFor(result[r].Source, columns[c], LoadErrorCodes.ForType(columns[c].BaseType), message, value);
                    result[r] = result[r] with { Error = error, ErrorColumn = c };
                }
            }
        }

        return result;
    }

    private async Task<Dictionary<string, string>> FindInvalidAsync(string typeName, string[] values, CancellationToken cancellationToken)
    {
        if (!_functionCreated)
        {
            await using var create = new NpgsqlCommand(CreateFunctionSql, connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _functionCreated = true;
        }

        await using var command = new NpgsqlCommand("SELECT idx, message FROM pg_temp.gaptools_copy_check($1, $2)", connection)
        {
            Parameters =
            {
                new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = typeName, NpgsqlDbType = NpgsqlDbType.Text },
            },
        };
        var invalid = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            invalid[values[reader.GetInt32(0) - 1]] = reader.GetString(1);
        }

        return invalid;
    }
}

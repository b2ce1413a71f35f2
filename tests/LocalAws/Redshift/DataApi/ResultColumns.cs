using Npgsql;
using Npgsql.Schema;

namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>A result column as RowDescription identifies it: its type, and the table column it comes from (0 when computed).</summary>
internal sealed record RowDescriptionColumn(string Name, uint TypeOid, uint TableOid, short ColumnNumber);

/// <summary>
/// Builds ColumnMetadata from RowDescription plus the catalog. Results are read as text (every value in
/// PostgreSQL's output form), so the reader itself types nothing: type names, table names, the declared
/// length/precision (atttypmod) and NOT NULL come from pg_type, pg_class and pg_attribute.
/// </summary>
internal static class ResultColumns
{
    public static async Task<List<RowDescriptionColumn>> DescribeAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var schema = await reader.GetColumnSchemaAsync(cancellationToken);
        return schema.Cast<NpgsqlDbColumn>()
            .Select((c, i) => new RowDescriptionColumn(reader.GetName(i), reader.GetDataTypeOID(i), c.TableOID, c.ColumnAttributeNumber ?? 0))
            .ToList();
    }

    public static async Task<IReadOnlyList<ResultColumn>> ResolveAsync(
        NpgsqlConnection connection, IReadOnlyList<RowDescriptionColumn> columns, CancellationToken cancellationToken)
    {
        var types = new Dictionary<long, string>();
        await using (var command = new NpgsqlCommand("SELECT oid::int8, typname::text FROM pg_catalog.pg_type WHERE oid::int8 = ANY($1)", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = columns.Select(c => (long)c.TypeOid).Distinct().ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                types[reader.GetInt64(0)] = reader.GetString(1);
            }
        }

        var sources = new Dictionary<(long, short), (string Schema, string Table, int TypeModifier, bool NotNull)>();
        var fromTables = columns.Where(c => c.TableOid != 0 && c.ColumnNumber > 0).ToList();
        if (fromTables.Count > 0)
        {
            await using var command = new NpgsqlCommand(
                "SELECT c.oid::int8, a.attnum, n.nspname::text, c.relname::text, a.atttypmod, a.attnotnull " +
                "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid " +
                "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
                "WHERE (a.attrelid::int8, a.attnum) IN (SELECT * FROM unnest($1::int8[], $2::int2[]))",
                connection);
            command.Parameters.Add(new NpgsqlParameter { Value = fromTables.Select(c => (long)c.TableOid).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = fromTables.Select(c => c.ColumnNumber).ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                sources[(reader.GetInt64(0), reader.GetInt16(1))] = (reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetBoolean(5));
            }
        }

        return columns.Select(c =>
        {
            var typeName = types.GetValueOrDefault(c.TypeOid, "unknown");
            return sources.TryGetValue((c.TableOid, c.ColumnNumber), out var source)
                ? Declared(c.Name, typeName, source.TypeModifier) with { SchemaName = source.Schema, TableName = source.Table, Nullable = !source.NotNull }
                : Declared(c.Name, typeName, -1);
        }).ToList();
    }

    /// <summary>Decodes atttypmod: varchar(n)/char(n) store n + 4; numeric(p, s) stores ((p &lt;&lt; 16) | s) + 4.</summary>
    internal static ResultColumn Declared(string name, string typeName, int typeModifier)
    {
        var modifier = typeModifier >= 4 ? typeModifier - 4 : (int?)null;
        return typeName switch
        {
            "varchar" or "bpchar" => new ResultColumn(name, typeName, modifier, null, null, "", "", null),
            "numeric" => new ResultColumn(name, typeName, null, modifier >> 16, modifier & 0xffff, "", "", null),
            _ => new ResultColumn(name, typeName, null, null, null, "", "", null),
        };
    }
}

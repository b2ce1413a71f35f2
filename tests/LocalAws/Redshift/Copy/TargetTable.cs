using Npgsql;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>A column COPY loads, with what conversion needs to know about its type.</summary>
/// <param name="TypeName">format_type(): e.g. <c>integer</c>, <c>numeric(10,2)</c>, <c>character varying(20)</c>.</param>
/// <param name="BaseType">pg_type.typname: e.g. <c>int4</c>, <c>varchar</c>, <c>timestamptz</c>.</param>
/// <param name="MaxLength">Declared length of varchar(n)/char(n), checked in bytes as Redshift does.</param>
internal sealed record TargetColumn(string Name, string TypeName, string BaseType, bool IsCharacter, bool NotNull, int? MaxLength);

/// <summary>The table a COPY loads into, resolved like PostgreSQL resolves the name (search_path).</summary>
internal sealed record TargetTable(long Oid, string Schema, string Name, IReadOnlyList<TargetColumn> Columns)
{
    public string QualifiedSql => $"{SqlText.Identifier(Schema)}.{SqlText.Identifier(Name)}";

    // pg_catalog rather than information_schema: it gives typmod lengths, identity/generated flags and the
    // search_path resolution (to_regclass) in one place.
    private const string TableSql = """
        SELECT c.oid::bigint, n.nspname, c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.oid = to_regclass($1) AND c.relkind IN ('r', 'p')
        """;

    private const string ColumnsSql = """
        SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typname, t.typcategory = 'S', a.attnotnull,
               CASE WHEN t.typname IN ('varchar', 'bpchar') AND a.atttypmod >= 4 THEN a.atttypmod - 4 END,
               a.attidentity <> '' OR a.attgenerated <> ''
        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    /// <summary>
    /// Looks up the table and the columns to load: the named ones in list order, or, without a list, every column
    /// except identity and generated ones (Redshift generates IDENTITY values unless EXPLICIT_IDS is given).
    /// </summary>
    public static async Task<TargetTable> LoadAsync(
        NpgsqlConnection connection, CopyTableName name, IReadOnlyList<string> columnList, CancellationToken cancellationToken)
    {
        var regclass = name.Schema is null ? SqlText.Identifier(name.Name) : $"{SqlText.Identifier(name.Schema)}.{SqlText.Identifier(name.Name)}";
        long oid;
        string schema, relname;
        await using (var command = new NpgsqlCommand(TableSql, connection) { Parameters = { new() { Value = regclass } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new RedshiftCopyException($"relation \"{name}\" does not exist", SqlStates.UndefinedTable);
            }

            (oid, schema, relname) = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
        }

        var all = new List<(TargetColumn Column, bool Automatic)>();
        await using (var command = new NpgsqlCommand(ColumnsSql, connection) { Parameters = { new() { Value = oid } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var column = new TargetColumn(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3), reader.GetBoolean(4),
                    reader.IsDBNull(5) ? null : reader.GetInt32(5));
                all.Add((column, reader.GetBoolean(6)));
            }
        }

        var columns = columnList.Count == 0
            ? all.Where(c => !c.Automatic).Select(c => c.Column).ToList()
            : columnList.Select(n => all.FirstOrDefault(c => c.Column.Name == n).Column
                ?? throw new RedshiftCopyException($"column \"{n}\" of relation \"{relname}\" does not exist", SqlStates.UndefinedColumn)).ToList();
        return new TargetTable(oid, schema, relname, columns);
    }
}

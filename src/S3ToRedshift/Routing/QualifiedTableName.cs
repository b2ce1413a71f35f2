namespace GapTools.S3ToRedshift.Routing;

/// <summary>A table, optionally qualified by its schema. Both parts are valid identifiers (see <see cref="RedshiftIdentifier"/>).</summary>
public sealed record QualifiedTableName
{
    /// <summary>Creates a name; throws <see cref="ArgumentException"/> when a part is not a valid identifier.</summary>
    public QualifiedTableName(string? schema, string table)
    {
        if (schema is not null && RedshiftIdentifier.Validate(schema) is { } schemaProblem)
        {
            throw new ArgumentException($"The schema name '{schema}' {schemaProblem}.", nameof(schema));
        }

        if (RedshiftIdentifier.Validate(table) is { } tableProblem)
        {
            throw new ArgumentException($"The table name '{table}' {tableProblem}.", nameof(table));
        }

        Schema = schema;
        Table = table;
    }

    /// <summary>Schema name, or null to use the search path.</summary>
    public string? Schema { get; }

    /// <summary>Table name.</summary>
    public string Table { get; }

    /// <summary>The quoted SQL form: <c>"schema"."table"</c> or <c>"table"</c>.</summary>
    public string ToSql() =>
        Schema is null ? RedshiftIdentifier.Quote(Table) : RedshiftIdentifier.Quote(Schema) + "." + RedshiftIdentifier.Quote(Table);

    /// <summary>
    /// Parses the configuration form <c>table</c> or <c>schema.table</c> (unquoted; neither part may contain a dot).
    /// </summary>
    public static bool TryParse(string? text, out QualifiedTableName? name, out string? error)
    {
        name = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty";
            return false;
        }

        var parts = text.Split('.');
        if (parts.Length > 2)
        {
            error = "must be 'table' or 'schema.table'";
            return false;
        }

        var schema = parts.Length == 2 ? parts[0] : null;
        var table = parts[^1];
        error = (schema is null ? null : RedshiftIdentifier.Validate(schema) is { } s ? $"has a schema name that {s}" : null)
            ?? (RedshiftIdentifier.Validate(table) is { } t ? $"has a table name that {t}" : null);
        if (error is not null)
        {
            return false;
        }

        name = new QualifiedTableName(schema, table);
        return true;
    }

    /// <summary>Returns <c>schema.table</c> (unquoted, for logs).</summary>
    public override string ToString() => Schema is null ? Table : $"{Schema}.{Table}";
}

namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>One result column as PostgreSQL described it.</summary>
/// <param name="TypeName">PostgreSQL's internal type name (<c>int4</c>, <c>varchar</c>, …), which is what Redshift reports.</param>
internal sealed record ResultColumn(
    string Name, string TypeName, int? Length, int? Precision, int? Scale, string SchemaName, string TableName, bool? Nullable);

/// <summary>
/// A statement's cached result set: each value in PostgreSQL's text output form (null for SQL NULL), typed on the
/// way out by <see cref="DataApiJson"/> as the Data API's Field union.
/// </summary>
internal sealed record StatementResult(IReadOnlyList<ResultColumn> Columns, IReadOnlyList<string?[]> Rows)
{
    /// <summary>ResultSize: the bytes of the values, as the service counts the cached result.</summary>
    public long Size => Rows.Sum(row => row.Sum(v => v is null ? 0L : System.Text.Encoding.UTF8.GetByteCount(v)));
}

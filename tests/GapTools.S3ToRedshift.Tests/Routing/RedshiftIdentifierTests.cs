using GapTools.S3ToRedshift.Routing;

namespace GapTools.S3ToRedshift.Tests.Routing;

public sealed class RedshiftIdentifierTests
{
    [Theory]
    [InlineData("events", "\"events\"")]
    [InlineData("a\"b", "\"a\"\"b\"")]
    [InlineData("with space", "\"with space\"")]
    [InlineData("日本語", "\"日本語\"")]
    public void Names_are_written_as_delimited_identifiers(string name, string expected) =>
        Assert.Equal(expected, RedshiftIdentifier.Quote(name));

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("  ", "is blank")]
    [InlineData("a\nb", "control character U+000A")]
    public void Unusable_names_are_rejected(string name, string expected) =>
        Assert.Contains(expected, RedshiftIdentifier.Validate(name), StringComparison.Ordinal);

    [Fact]
    public void Length_is_counted_in_utf8_bytes()
    {
        Assert.Null(RedshiftIdentifier.Validate(new string('a', 127)));
        Assert.Contains("128 bytes", RedshiftIdentifier.Validate(new string('a', 128)), StringComparison.Ordinal);
        // 43 three-byte characters = 129 bytes although only 43 chars.
        Assert.Contains("129 bytes", RedshiftIdentifier.Validate(new string('語', 43)), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RedshiftIdentifier.Quote(""));
    }

    [Theory]
    [InlineData("t", null, "t")]
    [InlineData("s.t", "s", "t")]
    public void Qualified_names_parse(string text, string? schema, string table)
    {
        Assert.True(QualifiedTableName.TryParse(text, out var name, out _));
        Assert.Equal(schema, name!.Schema);
        Assert.Equal(table, name.Table);
    }

    [Theory]
    [InlineData("a.b.c", "must be")]
    [InlineData("", "is empty")]
    [InlineData(".t", "schema name that is empty")]
    public void Bad_qualified_names_are_rejected(string text, string expected)
    {
        Assert.False(QualifiedTableName.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Qualified_name_sql_quotes_both_parts() =>
        Assert.Equal("\"my schema\".\"t\"\"x\"", new QualifiedTableName("my schema", "t\"x").ToSql());
}

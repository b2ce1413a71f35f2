using GapTools.S3ToRedshift.Sink;

namespace GapTools.S3ToRedshift.Tests.Sink;

public sealed class SqlLiteralTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "'it''s'")]
    [InlineData("''", "''''''")]
    [InlineData("a\"b+c%20 d", "'a\"b+c%20 d'")]
    [InlineData("日本/ü.json", "'日本/ü.json'")]
    public void Quotes_are_doubled_and_nothing_else_changes(string value, string expected) =>
        Assert.Equal(expected, SqlLiteral.Quote(value));

    [Fact]
    public void Backslashes_never_appear_inside_quotes_of_an_expression()
    {
        Assert.Equal("('a' || CHR(92) || 'b''c' || CHR(92) || '')", SqlLiteral.Expression("a\\b'c\\"));
        Assert.Equal("'x'", SqlLiteral.Expression("x"));
        Assert.Throws<ArgumentException>(() => SqlLiteral.Quote("a\\b"));
    }

    [Fact]
    public void Nul_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => SqlLiteral.Quote("a\0"));
        Assert.Throws<ArgumentException>(() => SqlLiteral.Expression("a\0\\"));
    }

    [Fact]
    public void Timestamps_are_utc_with_milliseconds() =>
        Assert.Equal(
            "TIMESTAMP '2024-02-03 01:02:03.456'",
            SqlLiteral.Timestamp(new DateTimeOffset(2024, 2, 3, 10, 2, 3, 456, TimeSpan.FromHours(9))));
}

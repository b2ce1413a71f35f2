using GapTools.LocalAws.Redshift.Copy;

namespace GapTools.LocalAws.Tests.Redshift.Copy;

public sealed class SqlTokenizerTests
{
    [Fact]
    public void Literals_and_quoted_identifiers_unescape_doubled_quotes()
    {
        var tokens = SqlTokenizer.Tokenize(""""COPY "My ""T""" FROM 'it''s' """", out var error)!;
        Assert.Null(error);
        Assert.Equal(
            [(SqlTokenKind.Word, "COPY"), (SqlTokenKind.QuotedIdentifier, "My \"T\""), (SqlTokenKind.Word, "FROM"), (SqlTokenKind.String, "it's"), (SqlTokenKind.End, "")],
            tokens.Select(t => (t.Kind, t.Text)));
    }

    [Fact]
    public void Comments_are_skipped_including_nested_block_comments()
    {
        var tokens = SqlTokenizer.Tokenize("-- lead\nCOPY /* a /* nested */ still comment */ t -- tail", out _)!;
        Assert.Equal(["COPY", "t", ""], tokens.Select(t => t.Text));
    }

    [Fact]
    public void Comment_markers_inside_literals_are_text()
    {
        var tokens = SqlTokenizer.Tokenize("'--not /* a comment'", out _)!;
        Assert.Equal("--not /* a comment", tokens[0].Text);
    }

    [Theory]
    [InlineData("COPY t FROM 'unterminated", "unterminated quoted string")]
    [InlineData("COPY \"t FROM", "unterminated quoted identifier")]
    [InlineData("COPY /* open /* nested */", "unterminated /* comment")]
    public void Unterminated_input_is_reported(string sql, string expected)
    {
        Assert.Null(SqlTokenizer.Tokenize(sql, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Numbers_symbols_and_words_are_split()
    {
        var tokens = SqlTokenizer.Tokenize("s.t(a,b) MAXERROR 10;", out _)!;
        Assert.Equal(
            [SqlTokenKind.Word, SqlTokenKind.Symbol, SqlTokenKind.Word, SqlTokenKind.Symbol, SqlTokenKind.Word, SqlTokenKind.Symbol, SqlTokenKind.Word, SqlTokenKind.Symbol, SqlTokenKind.Word, SqlTokenKind.Number, SqlTokenKind.Symbol, SqlTokenKind.End],
            tokens.Select(t => t.Kind));
    }
}

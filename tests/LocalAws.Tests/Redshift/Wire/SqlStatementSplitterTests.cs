using GapTools.LocalAws.Redshift.Wire;

namespace GapTools.LocalAws.Tests.Redshift.Wire;

public sealed class SqlStatementSplitterTests
{
    private static List<string> Split(string sql) => SqlStatementSplitter.Split(sql).Select(s => s.Of(sql)).ToList();

    [Fact]
    public void Splits_at_top_level_semicolons_and_trims()
    {
        Assert.Equal(["BEGIN", "SELECT 1", "COMMIT"], Split(" BEGIN;\n SELECT 1 ;COMMIT;  "));
    }

    [Fact]
    public void Single_statement_without_semicolon()
    {
        Assert.Equal(["SELECT 1"], Split("SELECT 1"));
    }

    [Theory]
    [InlineData("SELECT 'a;b'; SELECT 2", "SELECT 'a;b'")]
    [InlineData("SELECT 'it''s;'; SELECT 2", "SELECT 'it''s;'")]
    [InlineData("SELECT E'\\';'; SELECT 2", "SELECT E'\\';'")]
    [InlineData("SELECT \"a;\"\"b\" FROM t; SELECT 2", "SELECT \"a;\"\"b\" FROM t")]
    [InlineData("DO $$ BEGIN PERFORM 1; END $$; SELECT 2", "DO $$ BEGIN PERFORM 1; END $$")]
    [InlineData("DO $x$ BEGIN PERFORM '$$;'; END $x$; SELECT 2", "DO $x$ BEGIN PERFORM '$$;'; END $x$")]
    [InlineData("SELECT 1 -- a; comment\n; SELECT 2", "SELECT 1 -- a; comment")]
    [InlineData("SELECT /* a; /* nested; */ still; */ 1; SELECT 2", "SELECT /* a; /* nested; */ still; */ 1")]
    public void Semicolons_inside_literals_identifiers_bodies_and_comments_do_not_split(string sql, string first)
    {
        var statements = Split(sql);
        Assert.Equal([first, "SELECT 2"], statements);
    }

    [Fact]
    public void Backslash_in_a_standard_string_is_literal()
    {
        // standard_conforming_strings: 'a\' is a complete literal, so the semicolon after it splits.
        Assert.Equal(["SELECT 'a\\'", "SELECT 2"], Split("SELECT 'a\\'; SELECT 2"));
    }

    [Fact]
    public void Positional_parameters_are_not_dollar_quotes()
    {
        Assert.Equal(["SELECT $1", "SELECT $2"], Split("SELECT $1; SELECT $2"));
    }

    [Fact]
    public void Empty_and_comment_only_statements_are_dropped_like_the_server_drops_them()
    {
        Assert.Equal(["SELECT 1"], Split(";; SELECT 1; /* only a comment */ ; -- trailing"));
        Assert.Empty(Split("   "));
    }
}

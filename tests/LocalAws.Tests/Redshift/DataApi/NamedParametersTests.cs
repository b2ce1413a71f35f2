using GapTools.LocalAws.Redshift.DataApi;

namespace GapTools.LocalAws.Tests.Redshift.DataApi;

public sealed class NamedParametersTests
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal) { ["id"] = "7", ["name"] = "x" };

    [Theory]
    [InlineData("SELECT * FROM t WHERE id = :id", "SELECT * FROM t WHERE id = $1")]
    [InlineData("SELECT :name, :id, :name", "SELECT $1, $2, $1")]
    [InlineData("SELECT :id::int", "SELECT $1::int")]
    [InlineData("SELECT x::text FROM t", "SELECT x::text FROM t")]
    [InlineData("SELECT ':id', \":id\" FROM t WHERE id = :id", "SELECT ':id', \":id\" FROM t WHERE id = $1")]
    [InlineData("SELECT 'it''s :id' || :id", "SELECT 'it''s :id' || $1")]
    [InlineData("SELECT E'\\' :id' || :id", "SELECT E'\\' :id' || $1")]
    [InlineData("SELECT 1 -- :id\n, :id", "SELECT 1 -- :id\n, $1")]
    [InlineData("SELECT /* :id /* nested :id */ :id */ :id", "SELECT /* :id /* nested :id */ :id */ $1")]
    [InlineData("SELECT $$ :id $$, $fn$ :id $fn$, :id", "SELECT $$ :id $$, $fn$ :id $fn$, $1")]
    [InlineData("SELECT a$b$ FROM t WHERE c = :id", "SELECT a$b$ FROM t WHERE c = $1")]
    [InlineData("SELECT arr[1:2] FROM t", "SELECT arr[1:2] FROM t")]
    [InlineData("SELECT :unknown, :identity", "SELECT :unknown, :identity")]
    [InlineData("SELECT 'unterminated :id", "SELECT 'unterminated :id")]
    public void Placeholders_outside_literals_comments_and_casts_become_positional(string sql, string expected)
    {
        Assert.Equal(expected, NamedParameters.Bind(sql, Values).Sql);
    }

    [Fact]
    public void Values_follow_first_appearance_and_repeat_once()
    {
        var bound = NamedParameters.Bind("SELECT :name, :id, :name", Values);

        Assert.Equal(["x", "7"], bound.Values);
    }

    [Fact]
    public void Without_parameters_the_sql_is_untouched()
    {
        const string sql = "SELECT ':id', :id";

        var bound = NamedParameters.Bind(sql, new Dictionary<string, string>());

        Assert.Same(sql, bound.Sql);
        Assert.Empty(bound.Values);
    }
}

using GapTools.LocalAws.Redshift.Wire;

namespace GapTools.LocalAws.Tests.Redshift.Wire;

public sealed class CopyFailureSqlTests
{
    [Fact]
    public void Raise_quotes_the_message_and_wraps_it_in_a_do_block()
    {
        var sql = CopyFailureSql.Raise("XX000", "Load into table 't' failed.");
        Assert.Equal("DO $copy$BEGIN RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = 'Load into table ''t'' failed.'; END$copy$", sql);
    }

    [Fact]
    public void Dollar_tag_never_collides_with_the_body()
    {
        var sql = CopyFailureSql.Raise("0A000", "bad $copy$ and $copy1$ here");
        Assert.StartsWith("DO $copy2$", sql, StringComparison.Ordinal);
        Assert.EndsWith("$copy2$", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Literal_removes_nul_and_doubles_quotes()
    {
        Assert.Equal("'a''b\\c'", CopyFailureSql.Literal("a'b\0\\c"));
    }
}

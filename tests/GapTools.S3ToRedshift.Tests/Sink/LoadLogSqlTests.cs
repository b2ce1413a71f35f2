using GapTools.S3ToRedshift.Routing;
using GapTools.S3ToRedshift.Sink;

namespace GapTools.S3ToRedshift.Tests.Sink;

public sealed class LoadLogSqlTests
{
    private static readonly QualifiedTableName Target = new("raw", "events");
    private static readonly LoadLogSql Sql = new(new QualifiedTableName("ops", "gaptools_load_log"), 4_096);

    private static LoadLogEntry Entry(string key) => new("b", key, "", "etag1", Target);

    [Fact]
    public void Predicates_match_every_identity_column_and_quote_the_target()
    {
        var select = Assert.Single(Sql.SelectLogged([Entry("k'1")]));
        Assert.Equal(
            "SELECT bucket, object_key, version_id, etag, target_table FROM \"ops\".\"gaptools_load_log\" WHERE " +
            "(bucket = 'b' AND object_key = 'k''1' AND version_id = '' AND etag = 'etag1' AND target_table = '\"raw\".\"events\"')",
            select);
    }

    [Fact]
    public void Insert_carries_size_batch_and_time()
    {
        var entry = Entry("k");
        var insert = Assert.Single(Sql.Insert([entry], new Dictionary<LoadLogEntry, long?> { [entry] = 12 }, "batch-1", DateTimeOffset.UnixEpoch));
        Assert.EndsWith("VALUES ('b', 'k', '', 'etag1', '\"raw\".\"events\"', 12, 'batch-1', TIMESTAMP '1970-01-01 00:00:00.000')", insert, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_lists_are_split_under_the_statement_limit_without_losing_entries()
    {
        var entries = Enumerable.Range(0, 200).Select(i => Entry($"data/{i:D4}.json")).ToList();
        var statements = Sql.CountLogged(entries);
        Assert.True(statements.Count > 1);
        Assert.All(statements, s => Assert.True(s.Length <= Sql.MaxStatementLength));
        Assert.Equal(200, statements.Sum(s => s.Split(" OR ").Length));
        var inserts = Sql.Insert(entries, new Dictionary<LoadLogEntry, long?>(), "b", DateTimeOffset.UnixEpoch);
        Assert.All(inserts, s => Assert.True(s.Length <= Sql.MaxStatementLength));
        Assert.Equal(200, inserts.Sum(s => s.Split("), (").Length));
    }

    [Fact]
    public void Fail_guard_reads_a_column_so_it_only_fails_for_logged_rows() =>
        Assert.StartsWith(
            "SELECT CAST('gaptools-already-loaded:' || object_key AS INTEGER) FROM \"ops\".\"gaptools_load_log\" WHERE (",
            Assert.Single(Sql.FailIfLogged([Entry("k")])),
            StringComparison.Ordinal);
}

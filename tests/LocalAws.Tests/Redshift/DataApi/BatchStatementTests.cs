using System.Text.Json.Nodes;
using GapTools.Testing;

namespace GapTools.LocalAws.Tests.Redshift.DataApi;

/// <summary>BatchExecuteStatement runs every SQL in one transaction, as on AWS: all commit or none do.</summary>
public sealed class BatchStatementTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_batch_commits_every_statement_and_describes_its_sub_statements()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);

        var id = await harness.BatchAsync("CREATE TABLE t (id int)", "INSERT INTO t VALUES (1), (2)", "SELECT id FROM t ORDER BY id");

        var described = await harness.WaitAsync(id);
        Assert.Equal("FINISHED", (string)described["Status"]!);
        Assert.True((bool)described["HasResultSet"]!);
        var subs = described["SubStatements"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal([$"{id}:1", $"{id}:2", $"{id}:3"], subs.Select(s => (string)s["Id"]!));
        Assert.All(subs, s => Assert.Equal("FINISHED", (string)s["Status"]!));
        Assert.Equal(["CREATE TABLE t (id int)", "INSERT INTO t VALUES (1), (2)", "SELECT id FROM t ORDER BY id"], subs.Select(s => (string)s["QueryString"]!));
        Assert.Equal([false, false, true], subs.Select(s => (bool)s["HasResultSet"]!));
        Assert.Equal(2, (long)subs[1]["ResultRows"]!);
        Assert.Equal(2, await harness.AdminScalarAsync("SELECT count(*) FROM t"));

        var third = await harness.DescribeAsync($"{id}:3");
        Assert.Equal($"{id}:3", (string)third["Id"]!);
        Assert.Equal("SELECT id FROM t ORDER BY id", (string)third["QueryString"]!);
        var records = (await harness.ResultAsync($"{id}:3"))["Records"]!;
        Assert.Equal("""[[{"longValue":1}],[{"longValue":2}]]""", records.ToJsonString());

        var whole = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.ResultAsync(id));
        Assert.Equal("ValidationException", whole.Code);
        var beyond = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.DescribeAsync($"{id}:4"));
        Assert.Equal("ResourceNotFoundException", beyond.Code);
    }

    [Fact]
    public async Task A_failing_statement_rolls_back_the_whole_batch()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        await harness.AdminExecuteAsync("CREATE TABLE t (id int PRIMARY KEY)");

        var id = await harness.BatchAsync("INSERT INTO t VALUES (1), (2)", "INSERT INTO t VALUES (2)", "INSERT INTO t VALUES (3)");

        var described = await harness.WaitAsync(id);
        Assert.Equal("FAILED", (string)described["Status"]!);
        Assert.Equal("ERROR: duplicate key value violates unique constraint \"t_pkey\"", (string)described["Error"]!);
        var subs = described["SubStatements"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(["FINISHED", "FAILED", "ABORTED"], subs.Select(s => (string)s["Status"]!));
        Assert.Equal((string)described["Error"]!, (string)subs[1]["Error"]!);

        // The first INSERT succeeded inside the transaction and was rolled back with it.
        Assert.Equal(0, await harness.AdminScalarAsync("SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task Batch_requests_are_validated()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);

        var empty = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.BatchAsync());
        var tooMany = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.BatchAsync([.. Enumerable.Repeat("SELECT 1", 41)]));
        var noSqls = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.Client.CallAsync("BatchExecuteStatement", new JsonObject
        {
            ["ClusterIdentifier"] = DataApiHarness.ClusterId,
            ["Database"] = harness.Database,
        }));

        Assert.All([empty, tooMany, noSqls], e => Assert.Equal("ValidationException", e.Code));
        Assert.Contains("'sqls'", noSqls.ErrorMessage, StringComparison.Ordinal);
    }
}

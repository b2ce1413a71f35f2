using System.Net;
using System.Text.Json.Nodes;
using GapTools.LocalAws.Redshift.ControlPlane;
using GapTools.Testing;

namespace GapTools.LocalAws.Tests.Redshift.DataApi;

/// <summary>CancelStatement, the active-statement quota, and a cluster that cannot be reached.</summary>
public sealed class CancelAndLimitTests(PostgresFixture postgres)
{
    private const string Sleep = "SELECT pg_sleep(30)";

    private static Task<long> SleepingBackendsAsync(DataApiHarness harness) =>
        harness.AdminScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'");

    [Fact]
    public async Task CancelStatement_aborts_a_running_query_on_the_server()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        var id = await harness.ExecuteAsync(Sleep);
        await Eventually.WaitForAsync(() => SleepingBackendsAsync(harness));
        Assert.Equal("STARTED", (string)(await harness.DescribeAsync(id))["Status"]!);

        var cancelled = await harness.Client.CallAsync("CancelStatement", new JsonObject { ["Id"] = id });

        Assert.True((bool)cancelled["Status"]!);
        var described = await harness.WaitAsync(id);
        Assert.Equal("ABORTED", (string)described["Status"]!);
        Assert.True((long)described["Duration"]! < TimeSpan.FromSeconds(20).Ticks * 100);
        await Eventually.WaitForAsync(async () => await SleepingBackendsAsync(harness) == 0 ? 1 : 0);
        var again = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.Client.CallAsync("CancelStatement", new JsonObject { ["Id"] = id }));
        Assert.Equal("ValidationException", again.Code);
        Assert.Equal("Could not cancel a query that is already in ABORTED state.", again.ErrorMessage);
    }

    [Fact]
    public async Task The_active_statement_quota_refuses_one_more_until_a_slot_frees()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        harness.Server.State.RedshiftData.MaxActiveStatementsPerCluster = 2;
        var first = await harness.ExecuteAsync(Sleep);
        var second = await harness.ExecuteAsync(Sleep);

        var refused = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.ExecuteAsync("SELECT 1"));
        var refusedBatch = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.BatchAsync("SELECT 1"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("ActiveStatementsExceededException", refused.Code);
        Assert.Equal("ActiveStatementsExceededException", refusedBatch.Code);
        Assert.Equal(2, harness.Server.State.RedshiftData.ActiveStatementCount(DataApiHarness.ClusterId));

        await harness.Client.CallAsync("CancelStatement", new JsonObject { ["Id"] = first });
        await harness.WaitAsync(first);
        await harness.RunAsync("SELECT 1");
        await harness.Client.CallAsync("CancelStatement", new JsonObject { ["Id"] = second });
        Assert.Equal("ABORTED", (string)(await harness.WaitAsync(second))["Status"]!);
    }

    [Fact]
    public async Task A_cluster_in_maintenance_fails_the_submit_with_ExecuteStatementException()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        harness.Cluster.BeginMaintenance();

        var single = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.ExecuteAsync("SELECT 1"));
        var batch = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.BatchAsync("SELECT 1"));

        Assert.Equal(HttpStatusCode.InternalServerError, single.Status);
        Assert.Equal("ExecuteStatementException", single.Code);
        Assert.Equal("BatchExecuteStatementException", batch.Code);
        var statementId = (string)single.Body["StatementId"]!;
        Assert.Equal("FAILED", (string)(await harness.DescribeAsync(statementId))["Status"]!);
        Assert.Equal(0, harness.Server.State.RedshiftData.ActiveStatementCount(DataApiHarness.ClusterId));

        harness.Cluster.EndMaintenance();
        await harness.RunAsync("SELECT 1");
    }

    [Fact]
    public async Task A_paused_cluster_refuses_statements()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        harness.Cluster.Status = RedshiftClusterStatus.Paused;

        var error = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.ExecuteAsync("SELECT 1"));

        Assert.Equal("ExecuteStatementException", error.Code);
        Assert.Equal($"Cluster '{DataApiHarness.ClusterId}' is paused and does not accept connections.", error.ErrorMessage);
    }

    [Fact]
    public async Task A_connection_dropped_mid_statement_fails_it()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        var id = await harness.ExecuteAsync(Sleep);
        await Eventually.WaitForAsync(() => SleepingBackendsAsync(harness));

        harness.Cluster.Proxy.DropAllConnections();

        var described = await harness.WaitAsync(id);
        Assert.Equal("FAILED", (string)described["Status"]!);
        Assert.StartsWith("Connection to the cluster was lost: ", (string)described["Error"]!, StringComparison.Ordinal);
        await harness.RunAsync("SELECT 1");
    }
}

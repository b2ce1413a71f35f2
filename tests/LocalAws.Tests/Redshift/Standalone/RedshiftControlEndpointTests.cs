using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GapTools.LocalAws.Redshift;
using GapTools.LocalAws.Tests.Redshift.ControlPlane;
using GapTools.Testing;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.Standalone;

/// <summary>
/// The unsigned <c>/_localaws/redshift/clusters/…</c> endpoints over real HTTP, against a cluster attached in-process
/// (<c>server.StartRedshiftCluster</c>): they read <c>server.State.Redshift</c>, so they serve every attached cluster.
/// </summary>
public sealed class RedshiftControlEndpointTests(PostgresFixture postgres)
{
    private static readonly System.Xml.Linq.XNamespace Ns = RedshiftQueryClient.Ns;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_reports_the_proxy_endpoint_DescribeClusters_reports_and_a_login_that_works_through_it()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres, "analytics");
        using var control = new ClusterControlClient(harness.Server.ServiceUrl);

        var endpoint = await control.GetAsync("analytics");

        var described = (await harness.Client.CallAsync("DescribeClusters", ("ClusterIdentifier", "analytics"))).Descendants(Ns + "Cluster").Single();
        Assert.Equal("127.0.0.1", endpoint.Host);
        Assert.Equal(described.Element(Ns + "Endpoint")!.Element(Ns + "Address")!.Value, endpoint.Host);
        Assert.Equal(described.Element(Ns + "Endpoint")!.Element(Ns + "Port")!.Value, endpoint.Port.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(harness.Cluster.Proxy.Port, endpoint.Port);
        Assert.Equal(described.Element(Ns + "DBName")!.Value, endpoint.Database);
        Assert.Equal(described.Element(Ns + "MasterUsername")!.Value, endpoint.MasterUser);
        Assert.Equal(new NpgsqlConnectionStringBuilder(harness.AdminConnectionString).Password, endpoint.MasterPassword);
        Assert.Equal("available", endpoint.Status);
        Assert.Equal("analytics", (string?)endpoint.Json["identifier"]);

        await using var connection = new NpgsqlConnection(endpoint.ConnectionString);
        await connection.OpenAsync(Ct);
        Assert.Equal(1, await new NpgsqlCommand("SELECT 1", connection).ExecuteScalarAsync(Ct));
        Assert.Equal(1, (int)(await control.GetAsync("analytics")).Json["connections"]!);
    }

    [Fact]
    public async Task Unknown_cluster_is_404_and_the_list_names_every_attached_cluster()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres, "first");
        await using var second = harness.Server.StartRedshiftCluster("second", harness.AdminConnectionString);
        using var control = new ClusterControlClient(harness.Server.ServiceUrl);

        Assert.Equal(HttpStatusCode.NotFound, (await control.CallAsync(HttpMethod.Get, "/_localaws/redshift/clusters/missing")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await control.CallAsync(HttpMethod.Post, "/_localaws/redshift/clusters/missing/status?value=modifying")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await control.CallAsync(HttpMethod.Post, "/_localaws/redshift/clusters/missing/faults?kind=DropNextCopy")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await control.CallAsync(HttpMethod.Delete, "/_localaws/redshift/clusters/missing/faults")).Status);

        var (status, body) = await control.CallAsync(HttpMethod.Get, "/_localaws/redshift/clusters");
        Assert.Equal(HttpStatusCode.OK, status);
        var list = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsArray();
        Assert.Equal(["first", "second"], list.Select(c => (string)c!["identifier"]!));
        Assert.Equal(second.Proxy.Port, (int)list[1]!["port"]!);
    }

    [Theory]
    [InlineData("modifying", "Modifying")]
    [InlineData("rebooting", "Maintenance")]
    [InlineData("paused", "Unavailable")]
    [InlineData("resizing", "Modifying")]
    [InlineData("available", "Available")]
    public async Task Status_sets_what_DescribeClusters_reports(string value, string availability)
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        using var control = new ClusterControlClient(harness.Server.ServiceUrl);
        harness.Cluster.Status = value == "available" ? "paused" : "available";

        var answered = await control.SetStatusAsync("test-cluster", value);

        var described = (await harness.Client.CallAsync("DescribeClusters", ("ClusterIdentifier", "test-cluster"))).Descendants(Ns + "Cluster").Single();
        Assert.Equal(value, answered.Status);
        Assert.Equal(value, harness.Cluster.Status);
        Assert.Equal(value, described.Element(Ns + "ClusterStatus")!.Value);
        Assert.Equal(availability, described.Element(Ns + "ClusterAvailabilityStatus")!.Value);
    }

    [Theory]
    [InlineData("/_localaws/redshift/clusters/test-cluster/status?value=modifing")]
    [InlineData("/_localaws/redshift/clusters/test-cluster/status")]
    [InlineData("/_localaws/redshift/clusters/test-cluster/faults?kind=Reset")]
    [InlineData("/_localaws/redshift/clusters/test-cluster/faults?kind=1")]
    [InlineData("/_localaws/redshift/clusters/test-cluster/faults")]
    public async Task An_unknown_status_or_fault_is_400_and_changes_nothing(string path)
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        using var control = new ClusterControlClient(harness.Server.ServiceUrl);

        var (status, body) = await control.CallAsync(HttpMethod.Post, path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("must be one of", body, StringComparison.Ordinal);
        Assert.Equal("available", harness.Cluster.Status);
        Assert.False(harness.Cluster.Proxy.RefuseConnections);
        Assert.False(harness.Cluster.Proxy.DropNextCopy);
    }

    [Fact]
    public async Task RefuseConnections_resets_new_connections_until_the_faults_are_deleted()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        using var control = new ClusterControlClient(harness.Server.ServiceUrl);
        var endpoint = await control.GetAsync("test-cluster");
        await using var open = new NpgsqlConnection(endpoint.ConnectionString);
        await open.OpenAsync(Ct);

        var answered = await control.AddFaultAsync("test-cluster", "RefuseConnections");

        Assert.True((bool)answered.Json["refuseConnections"]!);
        AssertConnectionLoss(await Assert.ThrowsAsync<NpgsqlException>(async () =>
        {
            await using var refused = new NpgsqlConnection(endpoint.ConnectionString);
            await refused.OpenAsync(Ct);
        }));
        Assert.Equal(1, await new NpgsqlCommand("SELECT 1", open).ExecuteScalarAsync(Ct)); // open ones are not touched

        await control.ClearFaultsAsync("test-cluster");

        Assert.False(harness.Cluster.Proxy.RefuseConnections);
        await using var again = new NpgsqlConnection(endpoint.ConnectionString);
        await again.OpenAsync(Ct);
    }

    [Fact]
    public async Task DropAllConnections_resets_the_open_connections_once()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        using var control = new ClusterControlClient(harness.Server.ServiceUrl);
        var endpoint = await control.GetAsync("test-cluster");
        await using var open = new NpgsqlConnection(endpoint.ConnectionString);
        await open.OpenAsync(Ct);
        await Eventually.WaitForAsync(() => harness.Cluster.Proxy.ConnectionCount == 1);

        await control.AddFaultAsync("test-cluster", "dropallconnections");

        AssertConnectionLoss(await Assert.ThrowsAsync<NpgsqlException>(() => new NpgsqlCommand("SELECT 1", open).ExecuteScalarAsync(Ct)));
        await using var next = new NpgsqlConnection(endpoint.ConnectionString);
        await next.OpenAsync(Ct);
        Assert.Equal(1, await new NpgsqlCommand("SELECT 1", next).ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task DropNextCopy_resets_the_connection_of_the_next_copy_and_delete_cancels_it()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        await harness.AdminExecuteAsync("CREATE TABLE t (id int)");
        using var control = new ClusterControlClient(harness.Server.ServiceUrl);
        var endpoint = await control.GetAsync("test-cluster");
        const string Copy = "COPY t FROM 's3://no-such-bucket/k' IAM_ROLE 'arn:aws:iam::000000000000:role/r'";

        Assert.True((bool)(await control.AddFaultAsync("test-cluster", "DropNextCopy")).Json["dropNextCopy"]!);
        await using (var dropped = new NpgsqlConnection(endpoint.ConnectionString))
        {
            await dropped.OpenAsync(Ct);
            AssertConnectionLoss(await Assert.ThrowsAsync<NpgsqlException>(() => new NpgsqlCommand(Copy, dropped).ExecuteNonQueryAsync(Ct)));
        }

        Assert.False((bool)(await control.GetAsync("test-cluster")).Json["dropNextCopy"]!);
        await control.AddFaultAsync("test-cluster", "DropNextCopy");
        await control.ClearFaultsAsync("test-cluster");

        // Not dropped: the COPY reaches the translator, which reports the missing bucket as a load failure.
        await using var loaded = new NpgsqlConnection(endpoint.ConnectionString);
        await loaded.OpenAsync(Ct);
        await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(Copy, loaded).ExecuteNonQueryAsync(Ct));
        Assert.Equal(2, harness.Cluster.Proxy.InterceptedCopyCount);
    }

    [Fact]
    public async Task Maintenance_sets_the_status_and_refuses_connections_until_it_is_deleted()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        using var control = new ClusterControlClient(harness.Server.ServiceUrl);
        var endpoint = await control.GetAsync("test-cluster");

        var (began, body) = await control.CallAsync(HttpMethod.Post, "/_localaws/redshift/clusters/test-cluster/maintenance?status=rebooting");

        Assert.Equal(HttpStatusCode.OK, began);
        Assert.Equal("rebooting", ClusterEndpoint.Parse(body).Status);
        Assert.True(harness.Cluster.Proxy.RefuseConnections);
        AssertConnectionLoss(await Assert.ThrowsAsync<NpgsqlException>(async () =>
        {
            await using var refused = new NpgsqlConnection(endpoint.ConnectionString);
            await refused.OpenAsync(Ct);
        }));

        var (ended, after) = await control.CallAsync(HttpMethod.Delete, "/_localaws/redshift/clusters/test-cluster/maintenance");

        Assert.Equal(HttpStatusCode.OK, ended);
        Assert.Equal("available", ClusterEndpoint.Parse(after).Status);
        await using var again = new NpgsqlConnection(endpoint.ConnectionString);
        await again.OpenAsync(Ct);
    }

    private static void AssertConnectionLoss(NpgsqlException error)
    {
        Assert.IsNotType<PostgresException>(error);
        Assert.True(error.IsTransient, error.ToString());
        Assert.True(error.InnerException is IOException or SocketException, error.ToString());
    }
}

using System.Globalization;
using System.Net;
using GapTools.LocalAws.Redshift;
using GapTools.LocalAws.Redshift.ControlPlane;
using GapTools.Testing;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.ControlPlane;

public sealed class DescribeClustersTests(PostgresFixture postgres)
{
    private static readonly System.Xml.Linq.XNamespace Ns = RedshiftQueryClient.Ns;

    [Fact]
    public async Task Describes_the_attached_cluster_with_the_proxy_as_endpoint()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres, "analytics");

        var result = await harness.Client.CallAsync("DescribeClusters", ("ClusterIdentifier", "analytics"));

        var cluster = Assert.Single(result.Element(Ns + "Clusters")!.Elements(Ns + "Cluster"));
        Assert.Equal("analytics", cluster.Element(Ns + "ClusterIdentifier")!.Value);
        Assert.Equal("available", cluster.Element(Ns + "ClusterStatus")!.Value);
        Assert.Equal("Available", cluster.Element(Ns + "ClusterAvailabilityStatus")!.Value);
        Assert.Equal("127.0.0.1", cluster.Element(Ns + "Endpoint")!.Element(Ns + "Address")!.Value);
        Assert.Equal(harness.Cluster.Proxy.Port.ToString(CultureInfo.InvariantCulture), cluster.Element(Ns + "Endpoint")!.Element(Ns + "Port")!.Value);
        Assert.Equal(new NpgsqlConnectionStringBuilder(harness.AdminConnectionString).Database, cluster.Element(Ns + "DBName")!.Value);
        Assert.Equal(PostgresServer.SuperUser, cluster.Element(Ns + "MasterUsername")!.Value);
        Assert.Equal(RedshiftClusterDefaults.NodeType, cluster.Element(Ns + "NodeType")!.Value);
        Assert.Equal("2", cluster.Element(Ns + "NumberOfNodes")!.Value);
        Assert.True(DateTimeOffset.TryParse(cluster.Element(Ns + "ClusterCreateTime")!.Value, CultureInfo.InvariantCulture, out _));
        Assert.Null(result.Element(Ns + "Marker"));
    }

    [Fact]
    public async Task Without_an_identifier_lists_every_cluster()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres, "first");
        await using var second = harness.Server.StartRedshiftCluster("second", harness.AdminConnectionString);

        var result = await harness.Client.CallAsync("DescribeClusters");

        Assert.Equal(["first", "second"], result.Descendants(Ns + "ClusterIdentifier").Select(e => e.Value));
        Assert.Empty((await harness.Client.CallAsync("DescribeClusters", ("TagKeys.TagKey.1", "owner"))).Descendants(Ns + "Cluster"));
    }

    [Fact]
    public async Task Unknown_cluster_is_ClusterNotFound()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);

        var error = await Assert.ThrowsAsync<RedshiftQueryException>(() => harness.Client.CallAsync("DescribeClusters", ("ClusterIdentifier", "missing")));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Equal("ClusterNotFound", error.Code);
        Assert.Equal("Cluster missing not found.", error.ErrorMessage);
    }

    [Theory]
    [InlineData(RedshiftClusterStatus.Modifying, "Modifying")]
    [InlineData(RedshiftClusterStatus.Rebooting, "Maintenance")]
    [InlineData(RedshiftClusterStatus.Paused, "Unavailable")]
    [InlineData(RedshiftClusterStatus.Resizing, "Modifying")]
    [InlineData(RedshiftClusterStatus.Available, "Available")]
    public async Task Reports_the_status_tests_set(string status, string availability)
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        harness.Cluster.Status = status;

        var cluster = (await harness.Client.CallAsync("DescribeClusters", ("ClusterIdentifier", "test-cluster"))).Descendants(Ns + "Cluster").Single();

        Assert.Equal(status, cluster.Element(Ns + "ClusterStatus")!.Value);
        Assert.Equal(availability, cluster.Element(Ns + "ClusterAvailabilityStatus")!.Value);
    }

    [Fact]
    public async Task Maintenance_changes_the_status_and_refuses_connections_until_it_ends()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        var connectionString = new NpgsqlConnectionStringBuilder(harness.AdminConnectionString)
        {
            Host = harness.Cluster.Proxy.Host,
            Port = harness.Cluster.Proxy.Port,
            Pooling = false,
        }.ConnectionString;
        await using var open = new NpgsqlConnection(connectionString);
        await open.OpenAsync(TestContext.Current.CancellationToken);

        harness.Cluster.BeginMaintenance(RedshiftClusterStatus.Rebooting);

        Assert.Equal("rebooting", (await harness.Client.CallAsync("DescribeClusters")).Descendants(Ns + "ClusterStatus").Single().Value);
        var dropped = await Assert.ThrowsAsync<NpgsqlException>(() => new NpgsqlCommand("SELECT 1", open).ExecuteScalarAsync(TestContext.Current.CancellationToken));
        Assert.True(dropped.IsTransient);
        var refused = await Assert.ThrowsAsync<NpgsqlException>(async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
        });
        Assert.True(refused.IsTransient);

        harness.Cluster.EndMaintenance();

        Assert.Equal("available", (await harness.Client.CallAsync("DescribeClusters")).Descendants(Ns + "ClusterStatus").Single().Value);
        await using var again = new NpgsqlConnection(connectionString);
        await again.OpenAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Paginates_with_MaxRecords_and_Marker()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres, "c00");
        var more = Enumerable.Range(1, 20).Select(i => harness.Server.StartRedshiftCluster($"c{i:00}", harness.AdminConnectionString)).ToList();
        try
        {
            var first = await harness.Client.CallAsync("DescribeClusters", ("MaxRecords", "20"));
            Assert.Equal(20, first.Descendants(Ns + "Cluster").Count());
            var marker = first.Element(Ns + "Marker")!.Value;

            var second = await harness.Client.CallAsync("DescribeClusters", ("MaxRecords", "20"), ("Marker", marker));
            Assert.Equal("c20", second.Descendants(Ns + "ClusterIdentifier").Single().Value);
            Assert.Null(second.Element(Ns + "Marker"));

            var error = await Assert.ThrowsAsync<RedshiftQueryException>(() => harness.Client.CallAsync("DescribeClusters", ("MaxRecords", "19")));
            Assert.Equal("InvalidParameterValue", error.Code);
        }
        finally
        {
            foreach (var cluster in more)
            {
                await cluster.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Unknown_action_is_InvalidAction()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);

        var error = await Assert.ThrowsAsync<RedshiftQueryException>(() => harness.Client.CallAsync("PauseCluster", ("ClusterIdentifier", "test-cluster")));

        Assert.Equal("InvalidAction", error.Code);
    }
}

using GapTools.LocalAws.Redshift.Copy;
using GapTools.LocalAws.Redshift;
using GapTools.Testing;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.Standalone;

/// <summary>
/// <c>--redshift NAME --redshift-backend "&lt;connection string&gt;"</c>: the clusters run on an existing PostgreSQL,
/// which LocalAws neither initialises nor stops.
/// </summary>
public sealed class StandaloneRedshiftBackendTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Clusters_on_a_given_backend_use_its_database_and_leave_it_running()
    {
        var admin = await postgres.CreateDatabaseAsync(cancellationToken: Ct);
        var database = new NpgsqlConnectionStringBuilder(admin).Database;
        await using var server = await LocalAwsServer.StartAsync(cancellationToken: Ct);
        using var control = new ClusterControlClient(server.ServiceUrl);

        await using (var redshift = await StandaloneRedshift.StartAsync(["one", "two"], admin, Ct))
        {
            redshift.Attach(server, CopyCostModel.None);

            Assert.Equal(["one", "two"], server.State.Redshift.Clusters.Select(c => c.Identifier));
            foreach (var name in new[] { "one", "two" })
            {
                var endpoint = await control.GetAsync(name);
                Assert.Equal(database, endpoint.Database);
                await using var connection = new NpgsqlConnection(endpoint.ConnectionString);
                await connection.OpenAsync(Ct);
                Assert.Equal(database, await new NpgsqlCommand("SELECT current_database()", connection).ExecuteScalarAsync(Ct));
            }

            var lines = redshift.Describe(server.ServiceUrl).ToList();
            Assert.Equal(2, lines.Count);
            Assert.All(lines, line => Assert.Contains($"(--redshift-backend)", line, StringComparison.Ordinal));
            Assert.StartsWith($"Redshift cluster 'one': endpoint 127.0.0.1:{server.State.Redshift.GetCluster("one").Proxy.Port}, database '{database}'", lines[0], StringComparison.Ordinal);
        }

        Assert.Empty(server.State.Redshift.Clusters);
        await using var direct = new NpgsqlConnection(admin);
        await direct.OpenAsync(Ct);
        Assert.Equal(1, await new NpgsqlCommand("SELECT 1", direct).ExecuteScalarAsync(Ct));
    }

    [Theory]
    [InlineData("Port=5432;Username=postgres")]
    [InlineData("Host=a,b;Username=postgres")]
    [InlineData("Hots=127.0.0.1")]
    public async Task A_backend_without_one_host_is_refused(string backend) =>
        await Assert.ThrowsAsync<ArgumentException>(() => StandaloneRedshift.StartAsync(["one"], backend, Ct));
}

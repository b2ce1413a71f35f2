using System.Diagnostics;
using System.Globalization;
using GapTools.LocalAws.Tests.Redshift.ControlPlane;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.Standalone;

/// <summary>
/// The real standalone process, <c>dotnet LocalAws.dll --urls … --redshift demo</c>: it initialises its own
/// throwaway PostgreSQL, serves the cluster through the wire proxy, and leaves no PostgreSQL behind, whether it is
/// stopped (SIGTERM) or killed (SIGKILL, where PostgresServer's watchdog cleans up).
/// </summary>
public sealed class StandaloneRedshiftProcessTests
{
    private static readonly System.Xml.Linq.XNamespace Ns = RedshiftQueryClient.Ns;
    internal static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serves_a_cluster_on_its_own_postgres_and_removes_that_postgres_on_SIGTERM()
    {
        using var localAws = LocalAwsProcess.Start("--redshift", "demo");
        await localAws.WaitUntilReadyAsync("Redshift cluster 'demo'", StartTimeout);
        using var control = new ClusterControlClient(localAws.ServiceUrl);

        var endpoint = await control.GetAsync("demo");

        Assert.Equal("127.0.0.1", endpoint.Host);
        Assert.Equal("dev", endpoint.Database);
        Assert.Contains(
            $"Redshift cluster 'demo': endpoint 127.0.0.1:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}, database 'dev'", localAws.Output, StringComparison.Ordinal);
        ClusterPostgres postgres;
        await using (var connection = new NpgsqlConnection(endpoint.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            Assert.Equal(1, await new NpgsqlCommand("select 1", connection).ExecuteScalarAsync(Ct));
            postgres = await ClusterPostgres.BehindAsync(connection);
        }

        Assert.True(postgres.IsRunning, $"postmaster {postgres.Postmaster} on {postgres.DataDirectory}");
        Assert.StartsWith(Path.GetTempPath(), postgres.Root, StringComparison.Ordinal);

        // Status: the control endpoint sets what a signed DescribeClusters call reports, endpoint included.
        Assert.Equal("modifying", (await control.SetStatusAsync("demo", "modifying")).Status);
        using (var redshift = new RedshiftQueryClient(localAws.ServiceUrl))
        {
            var cluster = (await redshift.CallAsync("DescribeClusters", ("ClusterIdentifier", "demo"))).Descendants(Ns + "Cluster").Single();
            Assert.Equal("modifying", cluster.Element(Ns + "ClusterStatus")!.Value);
            Assert.Equal("127.0.0.1", cluster.Element(Ns + "Endpoint")!.Element(Ns + "Address")!.Value);
            Assert.Equal(endpoint.Port.ToString(CultureInfo.InvariantCulture), cluster.Element(Ns + "Endpoint")!.Element(Ns + "Port")!.Value);
            Assert.Equal("dev", cluster.Element(Ns + "DBName")!.Value);
        }

        Assert.Equal("modifying", (await control.GetAsync("demo")).Status);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await control.CallAsync(HttpMethod.Get, "/_localaws/redshift/clusters/other")).Status);

        var stopping = Stopwatch.StartNew();
        localAws.Terminate();
        var exitCode = await localAws.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, exitCode);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopping.Elapsed}");
        Assert.False(postgres.IsRunning, $"postmaster {postgres.Postmaster} still runs on {postgres.DataDirectory}");
        Assert.False(Directory.Exists(postgres.Root), $"{postgres.Root} was not removed");
        TestContext.Current.SendDiagnosticMessage($"stopped in {stopping.Elapsed}; output:\n{localAws.Output}");
    }
}

using System.Security.Cryptography;
using GapTools.LocalAws.Redshift;
using GapTools.LocalAws.Redshift.ControlPlane;
using GapTools.LocalAws.Redshift.Copy;
using GapTools.LocalAws.Tests.Redshift.ControlPlane;
using GapTools.Testing;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift;

/// <summary>LocalAws with one Redshift cluster (a proxy over a fresh database) and a signed query-protocol client.</summary>
internal sealed class RedshiftHarness : IAsyncDisposable
{
    private RedshiftHarness(LocalAwsServer server, RedshiftCluster cluster, string adminConnectionString)
    {
        Server = server;
        Cluster = cluster;
        AdminConnectionString = adminConnectionString;
        Client = new RedshiftQueryClient(server.ServiceUrl);
    }

    public LocalAwsServer Server { get; }

    public RedshiftCluster Cluster { get; }

    public string AdminConnectionString { get; }

    public RedshiftQueryClient Client { get; }

    /// <summary>The superuser's connection string, pointed at the cluster endpoint (the proxy).</summary>
    public string AdminThroughProxy => new NpgsqlConnectionStringBuilder(AdminConnectionString)
    {
        Host = Cluster.Proxy.Host,
        Port = Cluster.Proxy.Port,
    }.ConnectionString;

    /// <summary>Makes COPY read s3:// objects from an in-memory source the test fills.</summary>
    public InMemoryS3ObjectSource UseInMemoryS3()
    {
        var objects = new InMemoryS3ObjectSource();
        Server.State.Redshift.ObjectSource = objects;
        return objects;
    }

    public async Task<long> AdminScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<RedshiftHarness> StartAsync(PostgresFixture postgres, string clusterIdentifier = "test-cluster")
    {
        var database = await postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
        var server = await LocalAwsServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        return new RedshiftHarness(server, server.StartRedshiftCluster(clusterIdentifier, database), database);
    }

    /// <summary>Role names are global to the PostgreSQL cluster that all tests share, so each test takes its own.</summary>
    public static string UniqueUser(string prefix) => prefix + "_" + RandomNumberGenerator.GetHexString(8, lowercase: true);

    /// <summary>Logs in through the proxy without pooling, so every call really authenticates.</summary>
    public async Task<string> LoginAsync(string user, string password)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(Cluster.ConnectionString(user, password)) { Pooling = false, Timeout = 10 }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_user", connection);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    public async Task AdminExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Cluster.DisposeAsync();
        await Server.DisposeAsync();
    }
}

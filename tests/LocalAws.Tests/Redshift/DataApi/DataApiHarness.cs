using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GapTools.LocalAws.Redshift;
using GapTools.LocalAws.Redshift.ControlPlane;
using GapTools.Testing;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.DataApi;

/// <summary>LocalAws with one Redshift cluster (a wire proxy over a fresh database) and a signed Data API client.</summary>
internal sealed class DataApiHarness : IAsyncDisposable
{
    public const string ClusterId = "data-cluster";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private DataApiHarness(LocalAwsServer server, RedshiftCluster cluster, string adminConnectionString)
    {
        Server = server;
        Cluster = cluster;
        AdminConnectionString = adminConnectionString;
        Client = new RedshiftDataClient(server.ServiceUrl);
        Database = new NpgsqlConnectionStringBuilder(adminConnectionString).Database!;
    }

    public LocalAwsServer Server { get; }

    public RedshiftCluster Cluster { get; }

    public string AdminConnectionString { get; }

    /// <summary>The fresh database's name (the cluster's DBName).</summary>
    public string Database { get; }

    /// <summary>The superuser (the cluster's MasterUsername).</summary>
    public string MasterUser => Cluster.MasterUsername;

    public RedshiftDataClient Client { get; }

    public static async Task<DataApiHarness> StartAsync(PostgresFixture postgres)
    {
        var database = await postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
        var server = await LocalAwsServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        return new DataApiHarness(server, server.StartRedshiftCluster(ClusterId, database), database);
    }

    /// <summary>Role names are global to the PostgreSQL server all tests share, so each test takes its own.</summary>
    public static string UniqueUser(string prefix) => prefix + "_" + RandomNumberGenerator.GetHexString(8, lowercase: true);

    /// <summary>ExecuteStatement on the cluster as the master user; returns the statement id.</summary>
    public async Task<string> ExecuteAsync(string sql, Action<JsonObject>? configure = null)
    {
        var request = new JsonObject { ["ClusterIdentifier"] = ClusterId, [nameof(Database)] = Database, ["DbUser"] = MasterUser, ["Sql"] = sql };
        configure?.Invoke(request);
        return (string)(await Client.CallAsync("ExecuteStatement", request))["Id"]!;
    }

    public async Task<string> BatchAsync(params string[] sqls)
    {
        var request = new JsonObject
        {
            ["ClusterIdentifier"] = ClusterId,
            [nameof(Database)] = Database,
            ["DbUser"] = MasterUser,
            ["Sqls"] = new JsonArray([.. sqls.Select(s => (JsonNode)JsonValue.Create(s))]),
        };
        return (string)(await Client.CallAsync("BatchExecuteStatement", request))["Id"]!;
    }

    public Task<JsonObject> DescribeAsync(string id) => Client.CallAsync("DescribeStatement", new JsonObject { ["Id"] = id });

    /// <summary>Polls DescribeStatement until the status is one of <paramref name="statuses"/> (default: any final one).</summary>
    public async Task<JsonObject> WaitAsync(string id, params string[] statuses)
    {
        statuses = statuses.Length > 0 ? statuses : ["FINISHED", "FAILED", "ABORTED"];
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var described = await DescribeAsync(id);
            if (statuses.Contains((string)described["Status"]!))
            {
                return described;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Statement {id} is still {described["Status"]}, not {string.Join('/', statuses)}.");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Runs <paramref name="sql"/> and waits for FINISHED (failing the test with the error otherwise).</summary>
    public async Task<string> RunAsync(string sql, Action<JsonObject>? configure = null)
    {
        var id = await ExecuteAsync(sql, configure);
        var described = await WaitAsync(id);
        Assert.True((string)described["Status"]! == "FINISHED", $"{sql}: {described["Status"]} {described["Error"]}");
        return id;
    }

    public Task<JsonObject> ResultAsync(string id, string? nextToken = null)
    {
        var request = new JsonObject { ["Id"] = id };
        if (nextToken is not null)
        {
            request["NextToken"] = nextToken;
        }

        return Client.CallAsync("GetStatementResult", request);
    }

    public async Task<long> AdminScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), CultureInfo.InvariantCulture);
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

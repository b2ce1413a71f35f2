using System.Net.Sockets;
using Amazon.S3;
using Amazon.SQS;
using GapTools.LocalAws;
using GapTools.LocalAws.S3;
using GapTools.LocalAws.Redshift;
using GapTools.LocalAws.Redshift.ControlPlane;
using GapTools.Testing;
using Npgsql;

namespace GapTools.Demo.World;

/// <summary>
/// Everything the tools talk to, on 127.0.0.1 only: a throwaway PostgreSQL cluster with database <c>demo</c>,
/// LocalAws on a free port (S3, SQS, SSM, CloudSearch, the Redshift APIs) and a Redshift cluster, which is a
/// wire proxy in front of that database that turns <c>COPY … FROM 's3://…'</c> into real rows. Plus a private work
/// directory for configuration files the tools read.
/// </summary>
internal sealed class DemoWorld : IAsyncDisposable
{
    public const string DatabaseName = "demo";
    public const string ClusterIdentifier = "demo-cluster";

    private DemoWorld(PostgresServer postgres, string database, string dataDirectory, LocalAwsServer aws, RedshiftCluster cluster, string workDirectory)
    {
        Postgres = postgres;
        DataDirectory = dataDirectory;
        DatabaseConnectionString = database;
        Aws = aws;
        Cluster = cluster;
        WorkDirectory = workDirectory;
        S3 = aws.CreateS3Client();
        Sqs = aws.CreateSqsClient();
    }

    public PostgresServer Postgres { get; }

    /// <summary>Superuser connection straight to PostgreSQL's <c>demo</c> database (not through the proxy), for the demo's own checks.</summary>
    public string DatabaseConnectionString { get; }

    /// <summary>The PostgreSQL cluster's data directory (under the temp directory); gone after dispose.</summary>
    public string DataDirectory { get; }

    public LocalAwsServer Aws { get; }

    public RedshiftCluster Cluster { get; }

    /// <summary>The demo's own S3 client (real SDK, path-style, LocalAws' credentials).</summary>
    public AmazonS3Client S3 { get; }

    /// <summary>The demo's own SQS client.</summary>
    public AmazonSQSClient Sqs { get; }

    /// <summary>A temporary directory only this user can read; removed on dispose.</summary>
    public string WorkDirectory { get; }

    public static async Task<DemoWorld> StartAsync(CancellationToken cancellationToken)
    {
        var postgres = await PostgresServer.StartAsync(cancellationToken);
        LocalAwsServer? aws = null;
        try
        {
            var database = await postgres.CreateDatabaseAsync(DatabaseName, cancellationToken);
            var dataDirectory = await ShowAsync(database, "data_directory", cancellationToken);
            aws = await LocalAwsServer.StartAsync(new LocalAwsOptions { Port = 0 }, cancellationToken);
            var cluster = aws.StartRedshiftCluster(ClusterIdentifier, database);
            // Created with mode 0700 on Unix.
            var work = Directory.CreateTempSubdirectory("gaptools-demo-");
            return new DemoWorld(postgres, database, dataDirectory, aws, cluster, work.FullName);
        }
        catch
        {
            if (aws is not null)
            {
                await aws.DisposeAsync();
            }

            await postgres.DisposeAsync();
            throw;
        }
    }

    private static async Task<string> ShowAsync(string connectionString, string setting, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Rows as text columns (NULL as <c>null</c>), for printing.</summary>
    public async Task<List<string[]>> RowsAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<string[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>True while something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Stops the cluster proxy, LocalAws and PostgreSQL (its data directory is deleted), then the work directory.</summary>
    public async ValueTask DisposeAsync()
    {
        S3.Dispose();
        Sqs.Dispose();
        NpgsqlConnection.ClearAllPools();
        await Cluster.DisposeAsync();
        await Aws.DisposeAsync();
        await Postgres.DisposeAsync();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: it lives under the temp directory.
        }
    }
}

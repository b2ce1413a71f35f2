using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using GapTools.LocalAws;
using GapTools.LocalAws.Redshift;
using GapTools.LocalAws.Redshift.ControlPlane;
using GapTools.LocalAws.S3;
using GapTools.S3ToRedshift.Configuration;
using GapTools.S3ToRedshift.Hosting;
using GapTools.S3ToRedshift.Sink;
using GapTools.S3ToRedshift.Source;
using GapTools.S3ToRedshift.Tests.Fakes;
using GapTools.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>
/// LocalAws (S3 over HTTP) plus a Redshift cluster stand-in (wire proxy over a fresh PostgreSQL database) and a
/// bucket; builds real load engines (Npgsql through the proxy, AWS SDK S3 client) against them.
/// </summary>
internal sealed class RedshiftWorld : IAsyncDisposable
{
    public const string Bucket = "incoming";
    public const string ManifestBucket = "manifests";

    private readonly List<IAsyncDisposable> _owned = [];

    private RedshiftWorld(LocalAwsServer server, RedshiftCluster cluster, string admin, AmazonS3Client s3)
    {
        Server = server;
        Cluster = cluster;
        AdminConnectionString = admin;
        S3 = s3;
    }

    public LocalAwsServer Server { get; }

    public RedshiftCluster Cluster { get; }

    public string AdminConnectionString { get; }

    public AmazonS3Client S3 { get; }

    public ListLoggerProvider Logs { get; } = new();

    public static async Task<RedshiftWorld> StartAsync(PostgresFixture postgres, string table = "events")
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync(cancellationToken: ct);
        var server = await LocalAwsServer.StartAsync(cancellationToken: ct);
        var cluster = server.StartRedshiftCluster("analytics", database);
        var s3 = server.CreateS3Client();
        await s3.PutBucketAsync(Bucket, ct);
        await s3.PutBucketAsync(ManifestBucket, ct);
        var world = new RedshiftWorld(server, cluster, database, s3);
        await world.AdminExecuteAsync($"CREATE TABLE public.{table} (id integer NOT NULL, name varchar(100))");
        return world;
    }

    /// <summary>Options for a wire worker on this cluster (admin login, IAM role COPY, manifests).</summary>
    public S3ToRedshiftOptions Options(int? maxObjects = 100, bool manifest = true, string keyPrefix = "data/", string table = "events")
    {
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        return new S3ToRedshiftOptions
        {
            Redshift = new RedshiftOptions
            {
                Host = Cluster.Proxy.Host,
                Port = Cluster.Proxy.Port,
                Database = admin.Database,
                User = admin.Username,
                Password = admin.Password,
            },
            Copy = new CopyOptions { IamRole = "arn:aws:iam::123456789012:role/loader", Parameters = "JSON 'auto'" },
            Targets = [new TargetOptions { Bucket = Bucket, KeyPrefix = keyPrefix, Schema = "public", Table = table }],
            Manifest = new ManifestOptions { Prefix = manifest ? $"s3://{ManifestBucket}/loads/" : null },
            Batch = new BatchOptions { MaxObjects = maxObjects, MaxWait = TimeSpan.FromMinutes(10) },
        };
    }

    /// <summary>A load engine like the worker's: Npgsql data source to the proxy, the SDK S3 client, real retries (fast).</summary>
    public LoadEngine Engine(S3ToRedshiftOptions options, TimeProvider? time = null, IClusterAvailability? cluster = null) =>
        EngineWith(options, new IamRoleCopyCredentials(options.Copy.IamRole!), time, cluster);

    public LoadEngine EngineWith(S3ToRedshiftOptions options, ICopyCredentialsSource credentials, TimeProvider? time = null, IClusterAvailability? cluster = null)
    {
        Assert.Empty(S3ToRedshiftOptionsRules.Validate(options));
        var dataSource = RedshiftDataSource.Create(options.Redshift);
        _owned.Add(dataSource);
        var loggers = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        var metrics = new S3ToRedshiftMetrics();
        var retry = LoadRetry.Create(new GapTools.Core.Resilience.RetryOptions { MaxRetryAttempts = 5, BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) }, time ?? TimeProvider.System, () => 0.5, null, null);
        var engine = new LoadEngine(
            options, new NpgsqlRedshiftCopier(dataSource, options.Redshift.CommandTimeout), new S3ManifestStore(S3),
            credentials, cluster ?? AlwaysAvailable.Instance, retry, 1_000_000,
            time ?? TimeProvider.System, metrics, loggers);
        _owned.Add(engine);
        return engine;
    }

    /// <summary>Puts an object of JSON lines with ids <paramref name="ids"/>; returns its event.</summary>
    public async Task<ObjectEvent> PutAsync(string key, params int[] ids)
    {
        var body = string.Concat(ids.Select(i => $"{{\"id\":{i},\"name\":\"n{i}\"}}\n"));
        return await PutRawAsync(key, body);
    }

    public async Task<ObjectEvent> PutRawAsync(string key, string body)
    {
        var response = await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = body }, TestContext.Current.CancellationToken);
        return new ObjectEvent(Bucket, key, Encoding.UTF8.GetByteCount(body), response.ETag.Trim('"'), null, DateTimeOffset.UtcNow);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<string>> StringsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var values = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
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
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        S3.Dispose();
        Logs.Dispose();
        await Cluster.DisposeAsync();
        await Server.DisposeAsync();
    }
}

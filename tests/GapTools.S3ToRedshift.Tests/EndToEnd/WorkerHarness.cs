using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using GapTools.Cli;
using GapTools.LocalAws;
using GapTools.LocalAws.Redshift;
using GapTools.LocalAws.Redshift.ControlPlane;
using GapTools.LocalAws.S3;
using GapTools.S3ToRedshift.Tests.Fakes;
using GapTools.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>
/// LocalAws with a bucket whose object events go to an SQS queue (redrive to a dead-letter queue after 2
/// receives), a Redshift cluster stand-in over a fresh PostgreSQL database, and the real worker run through the
/// command line's host (its own SDK clients over HTTP, configured by keys only).
/// </summary>
internal sealed class WorkerHarness : IAsyncDisposable
{
    public const string Bucket = "incoming";
    public const string Queue = "loads";
    public const string DeadLetterQueue = "loads-dlq";
    public const int MaxReceiveCount = 2;

    private WorkerHarness(LocalAwsServer server, RedshiftCluster cluster, string admin, AmazonS3Client s3)
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

    /// <summary>The running host's lifetime (to stop it the way SIGTERM does).</summary>
    public Microsoft.Extensions.Hosting.IHostApplicationLifetime? Lifetime { get; private set; }

    public string AdminPassword => new NpgsqlConnectionStringBuilder(AdminConnectionString).Password!;

    public static async Task<WorkerHarness> StartAsync(PostgresFixture postgres, int maxReceiveCount = MaxReceiveCount)
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync(cancellationToken: ct);
        var server = await LocalAwsServer.StartAsync(cancellationToken: ct);
        var cluster = server.StartRedshiftCluster("analytics", database);
        server.State.Sqs.CreateQueue(DeadLetterQueue);
        server.State.Sqs.CreateQueue(Queue, new Dictionary<string, string>
        {
            ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{server.State.Sqs.QueueArn(DeadLetterQueue)}\",\"maxReceiveCount\":\"{maxReceiveCount}\"}}",
        });
        var s3 = server.CreateS3Client();
        await s3.PutBucketAsync(Bucket, ct);
        await s3.PutBucketAsync("manifests", ct);
        await s3.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = Bucket,
            QueueConfigurations = [new QueueConfiguration { Queue = server.State.Sqs.QueueArn(Queue), Events = ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"] }],
        }, ct);
        var harness = new WorkerHarness(server, cluster, database, s3);
        await harness.ExecuteAsync("CREATE TABLE public.events (id integer NOT NULL, name varchar(100))");
        return harness;
    }

    /// <summary>The keys a worker needs for this world (wire transport, admin login, manifests, fast retries).</summary>
    public Dictionary<string, string?> Settings()
    {
        var settings = EndpointSettings();
        settings["S3ToRedshift:Sqs:Queue"] = Queue;
        settings["S3ToRedshift:Sqs:DeadLetterQueue"] = DeadLetterQueue;
        settings["S3ToRedshift:Copy:IamRole"] = "arn:aws:iam::123456789012:role/loader";
        settings["S3ToRedshift:Copy:Parameters"] = "JSON 'auto'";
        settings["S3ToRedshift:Targets:0:Bucket"] = Bucket;
        settings["S3ToRedshift:Targets:0:KeyPrefix"] = "data/";
        settings["S3ToRedshift:Targets:0:Schema"] = "public";
        settings["S3ToRedshift:Targets:0:Table"] = "events";
        settings["S3ToRedshift:Manifest:Prefix"] = "s3://manifests/loads/";
        return settings;
    }

    /// <summary>Only where this world's services are (endpoint, keys, the proxy and admin login) and fast retries: the rest comes from a config file.</summary>
    public Dictionary<string, string?> EndpointSettings()
    {
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        return new()
        {
            ["S3ToRedshift:Sqs:Consumer:WaitTime"] = "00:00:01",
            ["S3ToRedshift:AWS:Region"] = "us-east-1",
            ["S3ToRedshift:AWS:ServiceURL"] = Server.ServiceUrl.ToString(),
            ["S3ToRedshift:AWS:AccessKeyId"] = Server.AwsCredentials.GetCredentials().AccessKey,
            ["S3ToRedshift:AWS:SecretAccessKey"] = Server.AwsCredentials.GetCredentials().SecretKey,
            ["S3ToRedshift:Redshift:Host"] = Cluster.Proxy.Host,
            ["S3ToRedshift:Redshift:Port"] = Cluster.Proxy.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["S3ToRedshift:Redshift:Database"] = admin.Database,
            ["S3ToRedshift:Redshift:User"] = admin.Username,
            ["S3ToRedshift:Redshift:Password"] = admin.Password,
            ["S3ToRedshift:Retry:BaseDelay"] = "00:00:00.010",
            ["S3ToRedshift:Retry:MaxDelay"] = "00:00:00.100",
            ["S3ToRedshift:FailedMessageDelay"] = "00:00:00",
        };
    }

    public Task<int> RunAsync(WorkerInvocation invocation, IReadOnlyDictionary<string, string?>? settings = null, CancellationToken? cancellationToken = null) =>
        RunAsync(invocation, Settings(), settings, null, cancellationToken);

    /// <summary>Runs with <paramref name="invocation"/>'s <c>--config</c> file (a Rin config.yaml read with <paramref name="environment"/>) and only this world's endpoints on top.</summary>
    public Task<int> RunWithConfigFileAsync(WorkerInvocation invocation, Func<string, string?> environment, IReadOnlyDictionary<string, string?>? settings = null) =>
        RunAsync(invocation, EndpointSettings(), settings, file => new S3ToRedshift.Configuration.Rin.RinYamlConfigurationSource { Path = file, Environment = environment }, null);

    private async Task<int> RunAsync(
        WorkerInvocation invocation,
        Dictionary<string, string?> overrides,
        IReadOnlyDictionary<string, string?>? settings,
        Func<string, Microsoft.Extensions.Configuration.IConfigurationSource?>? configFileSource,
        CancellationToken? cancellationToken)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        // The command line's own host, with the tool registered as any application registers it.
        var builder = WorkerHost.CreateBuilder(invocation, overrides, "S3ToRedshift", configFileSource);
        builder.Logging.AddProvider(Logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddS3ToRedshift(builder.Configuration);
        builder.Services.AddHostedService(sp =>
        {
            Lifetime = sp.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();
            return new NoOpService();
        });
        using var host = builder.Build();
        return await WorkerHost.RunAsync<S3ToRedshiftWorker>(host, invocation, "S3ToRedshift", cancellationToken ?? TestContext.Current.CancellationToken);
    }

    public Task PutAsync(string key, params int[] ids) =>
        PutRawAsync(key, string.Concat(ids.Select(i => $"{{\"id\":{i},\"name\":\"n{i}\"}}\n")));

    public Task PutRawAsync(string key, string body) =>
        S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = body }, TestContext.Current.CancellationToken);

    public int Messages(string queue) => Server.State.Sqs.Snapshot(queue).Total;

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public string AllLogs() => string.Join("\n", Logs.Lines);

    public async ValueTask DisposeAsync()
    {
        S3.Dispose();
        Logs.Dispose();
        await Cluster.DisposeAsync();
        await Server.DisposeAsync();
    }
}

internal sealed class NoOpService : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using GapTools.LocalAws;
using GapTools.LocalAws.CloudSearch;
using GapTools.LocalAws.Redshift;
using GapTools.LocalAws.Redshift.ControlPlane;
using GapTools.LocalAws.S3;
using GapTools.LocalAws.Sqs;
using GapTools.Testing;
using Npgsql;

namespace GapTools.Packaging.Tests.Support;

/// <summary>
/// LocalAws on 127.0.0.1 with two buckets, each notifying its own queue: one feeding S3ToRedshift (a Redshift
/// cluster stand-in over a fresh PostgreSQL database, table <c>public.events</c>), one feeding S3ToCloudSearch (a
/// CloudSearch domain). The app under test reaches all of it only through its configuration.
/// </summary>
internal sealed class TwoToolWorld : IAsyncDisposable
{
    public const string RedshiftBucket = "redshift-incoming";
    public const string RedshiftQueue = "redshift-loads";
    public const string RedshiftDeadLetterQueue = "redshift-loads-dlq";
    public const string ManifestBucket = "manifests";
    public const string CloudSearchBucket = "cloudsearch-incoming";
    public const string CloudSearchQueue = "cloudsearch-feed";
    public const string CloudSearchDomain = "movies";

    private TwoToolWorld(LocalAwsServer server, RedshiftCluster cluster, string adminConnectionString, AmazonS3Client s3)
    {
        Server = server;
        Cluster = cluster;
        AdminConnectionString = adminConnectionString;
        S3 = s3;
    }

    public LocalAwsServer Server { get; }

    public RedshiftCluster Cluster { get; }

    public string AdminConnectionString { get; }

    /// <summary>The test's own client (putting objects); never handed to the app.</summary>
    public AmazonS3Client S3 { get; }

    public CloudSearchDomainState Domain => Server.State.CloudSearch.Domain(CloudSearchDomain);

    public static async Task<TwoToolWorld> StartAsync(PostgresFixture postgres, CancellationToken cancellationToken)
    {
        var database = await postgres.CreateDatabaseAsync(cancellationToken: cancellationToken);
        var server = await LocalAwsServer.StartAsync(cancellationToken: cancellationToken);
        var cluster = server.StartRedshiftCluster("analytics", database);
        server.State.CloudSearch.CreateDomain(CloudSearchDomain);
        server.State.Sqs.CreateQueue(RedshiftDeadLetterQueue);
        server.State.Sqs.CreateQueue(RedshiftQueue);
        server.State.Sqs.CreateQueue(CloudSearchQueue);
        var s3 = server.CreateS3Client();
        var world = new TwoToolWorld(server, cluster, database, s3);
        try
        {
            await s3.PutBucketAsync(ManifestBucket, cancellationToken);
            foreach (var (bucket, queue) in new[] { (RedshiftBucket, RedshiftQueue), (CloudSearchBucket, CloudSearchQueue) })
            {
                await s3.PutBucketAsync(bucket, cancellationToken);
                await s3.PutBucketNotificationAsync(new PutBucketNotificationRequest
                {
                    BucketName = bucket,
                    QueueConfigurations = [new QueueConfiguration { Queue = server.State.Sqs.QueueArn(queue), Events = ["s3:ObjectCreated:*"] }],
                }, cancellationToken);
            }

            await world.ExecuteAsync("CREATE TABLE public.events (id integer NOT NULL, name varchar(100))", cancellationToken);
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The app's whole configuration, as environment variables: the standard <c>AWS</c> section (endpoint, region),
    /// credentials through the SDK's default chain, and each tool's own section.
    /// </summary>
    public Dictionary<string, string?> Environment()
    {
        var credentials = Server.AwsCredentials.GetCredentials();
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["AWS__Region"] = "us-east-1",
            ["AWS__ServiceURL"] = Server.ServiceUrl.ToString(),
            ["AWS_ACCESS_KEY_ID"] = credentials.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretKey,
            ["AWS_REGION"] = "us-east-1",
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_DEFAULT_PROFILE"] = null,

            ["S3ToRedshift__Sqs__Queue"] = RedshiftQueue,
            ["S3ToRedshift__Sqs__DeadLetterQueue"] = RedshiftDeadLetterQueue,
            ["S3ToRedshift__Sqs__Consumer__WaitTime"] = "00:00:01",
            ["S3ToRedshift__Redshift__Host"] = Cluster.Proxy.Host,
            ["S3ToRedshift__Redshift__Port"] = Cluster.Proxy.Port.ToString(CultureInfo.InvariantCulture),
            ["S3ToRedshift__Redshift__Database"] = admin.Database,
            ["S3ToRedshift__Redshift__User"] = admin.Username,
            ["S3ToRedshift__Redshift__Password"] = admin.Password,
            ["S3ToRedshift__Copy__IamRole"] = "arn:aws:iam::123456789012:role/loader",
            ["S3ToRedshift__Copy__Parameters"] = "JSON 'auto'",
            ["S3ToRedshift__Targets__0__Bucket"] = RedshiftBucket,
            ["S3ToRedshift__Targets__0__KeyPrefix"] = "data/",
            ["S3ToRedshift__Targets__0__Schema"] = "public",
            ["S3ToRedshift__Targets__0__Table"] = "events",
            ["S3ToRedshift__Manifest__Prefix"] = $"s3://{ManifestBucket}/loads/",
            ["S3ToRedshift__Batch__MaxWait"] = "00:00:01",

            ["S3ToCloudSearch__Sqs__Queue"] = CloudSearchQueue,
            ["S3ToCloudSearch__Sqs__Consumer__WaitTime"] = "00:00:01",
            ["S3ToCloudSearch__DocumentEndpoint"] = CloudSearchStore.DocumentEndpoint(Server.ServiceUrl, CloudSearchDomain).ToString(),
        };

        // Nothing from the developer's shell may redirect the SDK elsewhere.
        foreach (var name in System.Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (name.StartsWith("AWS_ENDPOINT_URL", StringComparison.Ordinal))
            {
                environment[name] = null;
            }
        }

        return environment;
    }

    public Task PutAsync(string bucket, string key, string body, CancellationToken cancellationToken) =>
        S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body }, cancellationToken);

    public SqsQueueSnapshot Queue(string name) => Server.State.Sqs.Snapshot(name);

    public async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        S3.Dispose();
        await Cluster.DisposeAsync();
        await Server.DisposeAsync();
    }
}

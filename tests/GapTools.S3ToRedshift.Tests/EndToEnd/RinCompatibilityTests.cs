using System.IO.Compression;
using System.Text;
using Amazon.S3.Model;
using GapTools.Cli;
using GapTools.S3ToRedshift.Tests.Configuration;
using GapTools.Testing;
using Npgsql;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>
/// Rin's observable behaviour as this project's tests: Rin's own README config, unchanged but for its indentation
/// slip and its second database, drives the worker through LocalAws (S3 notifications → SQS → COPY through the wire
/// proxy or the Data API → rows in PostgreSQL), one direct COPY per object as Rin does, with Rin's COPY options
/// (REGION from <c>s3.region</c>, <c>sql_option</c>, CREDENTIALS). Rin's command-line flags run as a process.
/// </summary>
public sealed class RinCompatibilityTests(PostgresFixture postgres)
{
    private const string RinBucket = "test.bucket.test";
    private const string RinQueue = "my_queue_name";

    [Fact]
    public async Task Rins_readme_config_loads_each_object_with_its_own_copy_into_the_table_its_target_names()
    {
        await using var world = await RinWorldAsync();
        using var config = new TempConfig(RinExamples.ReadmeOneDatabase);

        var exit = await world.RunWithConfigFileAsync(new WorkerInvocation { ConfigFile = config.Path, Batch = true }, Environment(world));

        Assert.True(exit == 0, world.AllLogs());
        await AssertRinRowsAsync(world);
        Assert.Equal(3, world.Cluster.Proxy.InterceptedCopyCount); // one COPY per loaded object; the discarded one has none
        Assert.Contains(world.Logs.Lines, l => l.Contains("COPY \"sales\".\"orders\" FROM 's3://test.bucket.test/test/schema-sales/table-orders/c.json' CREDENTIALS '****' REGION 'ap-northeast-1' JSON 'auto' GZIP", StringComparison.Ordinal));
        Assert.Contains(world.Logs.Lines, l => l.Contains("COPY \"xxx\".\"bar\" FROM 's3://test.bucket.test/test/bar/b.json' CREDENTIALS '****' REGION 'ap-northeast-1' JSON 'auto' GZIP", StringComparison.Ordinal));
        Assert.Equal(0, world.Server.Requests.Count("redshift", "DescribeClusters")); // a Rin config names no cluster
        Assert.Equal(0, world.Messages(RinQueue));
        Assert.DoesNotContain(world.AdminPassword, world.AllLogs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gaptools_cluster_key_puts_a_rin_config_behind_the_maintenance_gate()
    {
        await using var world = await RinWorldAsync();
        using var config = new TempConfig(RinExamples.ReadmeOneDatabase + "\ngaptools:\n  Redshift:\n    ClusterIdentifier: analytics\n");

        var exit = await world.RunWithConfigFileAsync(new WorkerInvocation { ConfigFile = config.Path, Batch = true }, Environment(world));

        Assert.True(exit == 0, world.AllLogs());
        await AssertRinRowsAsync(world);
        Assert.True(world.Server.Requests.Count("redshift", "DescribeClusters") > 0, world.AllLogs());
    }

    [Fact]
    public async Task Rins_redshift_data_driver_with_a_workgroup_loads_through_the_serverless_data_api()
    {
        await using var world = await RinWorldAsync();
        world.Server.State.RedshiftData.MapWorkgroup("analytics-wg", "analytics");
        world.Server.State.Redshift.MapIamIdentity(world.Server.AwsCredentials.GetCredentials().AccessKey, new NpgsqlConnectionStringBuilder(world.AdminConnectionString).Username!);
        using var config = new TempConfig(RinExamples.ReadmeOneDatabase.Replace(
            "  reconnect_on_error: true", "  reconnect_on_error: true\n  driver: redshift-data\n  workgroup: analytics-wg", StringComparison.Ordinal));

        // The Data API takes no host, user or password: the world's wire login keys are taken away again.
        var exit = await world.RunWithConfigFileAsync(new WorkerInvocation { ConfigFile = config.Path, Batch = true }, Environment(world), new Dictionary<string, string?>
        {
            ["S3ToRedshift:Redshift:Host"] = null,
            ["S3ToRedshift:Redshift:User"] = null,
            ["S3ToRedshift:Redshift:Password"] = null,
            ["S3ToRedshift:Redshift:StatementPollInterval"] = "00:00:00.020",
        });

        Assert.True(exit == 0, world.AllLogs());
        await AssertRinRowsAsync(world);
        Assert.True(world.Server.State.RedshiftData.WorkgroupSubmissionCount("analytics-wg") > 0, world.AllLogs());
        Assert.Equal(0, world.Messages(RinQueue));
    }

    [Fact]
    public async Task Rins_flags_and_variables_work_on_the_command_line()
    {
        using var config = new TempConfig(RinExamples.ReadmeOneDatabase);
        var env = new Dictionary<string, string> { ["REDSHIFT_PASSWORD"] = "pa55-w0rd" };

        foreach (var args in new[] { new[] { "-config", config.Path, "-dry-run" }, ["-c=" + config.Path, "-d", "--dry-run", "-max-execution-time", "1m30s"], ["--config", config.Path, "--dry-run", "--max-execution-time", "1h0.5m"] })
        {
            using var tool = CliProcess.Start(env, args);
            Assert.True(await tool.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, tool.Output);
            Assert.Contains("s3://test.bucket.test/test/bar => redshift://test_user:****@localhost:5439/test/xxx.bar (break)", tool.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("pa55-w0rd", tool.Output, StringComparison.Ordinal);
        }

        using (var variables = CliProcess.Start(new Dictionary<string, string>(env) { ["RIN_CONFIG"] = config.Path, ["RIN_DRY_RUN"] = "true" }))
        {
            Assert.True(await variables.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, variables.Output);
            Assert.Contains("s3://test.bucket.test/test/foo/ignore => (discard)", variables.Output, StringComparison.Ordinal);
        }

        using var url = CliProcess.Start("-config", "s3://rin-config.my-bucket/config.yaml");
        Assert.Equal(1, await url.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Configuration error: --config s3://…: Rin fetches its configuration from HTTP/S3 URLs", url.Output, StringComparison.Ordinal);

        using var printed = new TempConfig(RinExamples.Readme);
        using var bad = CliProcess.Start(env, "-config", printed.Path, "-dry-run");
        Assert.Equal(1, await bad.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("config.yaml:27: not valid YAML", bad.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bad.Output, StringComparison.Ordinal);
    }

    // A world with Rin's bucket and queue (events of the bucket → the queue, redrive after 2 receives), the tables
    // the README's targets name, and one object per target: discarded, public.foo, xxx.bar (break), sales.orders.
    private async Task<WorkerHarness> RinWorldAsync()
    {
        var world = await WorkerHarness.StartAsync(postgres);
        var ct = TestContext.Current.CancellationToken;
        var sqs = world.Server.State.Sqs;
        sqs.CreateQueue(RinQueue, new Dictionary<string, string>
        {
            ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{sqs.QueueArn(WorkerHarness.DeadLetterQueue)}\",\"maxReceiveCount\":\"2\"}}",
        });
        await world.S3.PutBucketAsync(RinBucket, ct);
        await world.S3.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = RinBucket,
            QueueConfigurations = [new QueueConfiguration { Queue = sqs.QueueArn(RinQueue), Events = ["s3:ObjectCreated:*"] }],
        }, ct);
        await world.ExecuteAsync("""
            CREATE SCHEMA xxx; CREATE SCHEMA sales;
            CREATE TABLE public.foo (id integer NOT NULL, name varchar(100));
            CREATE TABLE xxx.bar (id integer NOT NULL, name varchar(100));
            CREATE TABLE sales.orders (id integer NOT NULL, name varchar(100));
            """);
        await PutGzipAsync(world, "test/foo/ignore/0.json", 100);
        await PutGzipAsync(world, "test/foo/a.json", 1, 2);
        await PutGzipAsync(world, "test/bar/b.json", 3);
        await PutGzipAsync(world, "test/schema-sales/table-orders/c.json", 4, 5, 6);
        return world;
    }

    private static async Task AssertRinRowsAsync(WorkerHarness world)
    {
        Assert.Equal(2, await world.ScalarAsync("SELECT count(*) FROM public.foo"));
        Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM xxx.bar"));
        Assert.Equal(3, await world.ScalarAsync("SELECT count(*) FROM sales.orders"));
        Assert.Equal(0, await world.ScalarAsync("SELECT count(*) FROM public.foo WHERE id = 100"));
        Assert.Equal(3, await world.ScalarAsync("SELECT count(*) FROM gaptools_load_log"));
    }

    private static Func<string, string?> Environment(WorkerHarness world) =>
        name => name == "REDSHIFT_PASSWORD" ? world.AdminPassword : null;

    private static async Task PutGzipAsync(WorkerHarness world, string key, params int[] ids)
    {
        var body = new MemoryStream();
        await using (var gzip = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(ids.Select(i => $"{{\"id\":{i},\"name\":\"n{i}\"}}\n"))), TestContext.Current.CancellationToken);
        }

        body.Position = 0;
        await world.S3.PutObjectAsync(new PutObjectRequest { BucketName = RinBucket, Key = key, InputStream = body }, TestContext.Current.CancellationToken);
    }

    private sealed class TempConfig : IDisposable
    {
        private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("s3rs-rin-");

        public TempConfig(string yaml)
        {
            Path = System.IO.Path.Combine(directory.FullName, "config.yaml");
            File.WriteAllText(Path, yaml);
        }

        public string Path { get; }

        public void Dispose() => directory.Delete(recursive: true);
    }
}

using System.Diagnostics;
using GapTools.Testing;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>The s3-to-redshift tool as its own process: SIGTERM mid-batch, Rin's config.yaml, bad configuration.</summary>
public sealed class ProcessTests(PostgresFixture postgres)
{
    private static Dictionary<string, string> Environment(WorkerHarness world, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = world.Settings();
        settings["S3ToRedshift:Batch:MaxWait"] = "00:10:00";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        // Configuration through the environment, never argv (the password is in it).
        return settings.Where(kv => kv.Value is not null).ToDictionary(kv => "GAPTOOLS_" + kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
    }

    [Fact]
    public async Task Sigterm_mid_batch_loads_the_open_batch_within_the_stop_timeout_and_deletes_its_messages()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        for (var i = 0; i < 10; i++)
        {
            await world.PutAsync($"data/{i}.json", (i * 2) + 1, (i * 2) + 2);
        }

        using var tool = CliProcess.Start(Environment(world));
        // Every data message received (the test event S3 sent when notifications were configured is deleted at once).
        await Eventually.TrueAsync(() => world.Server.State.Sqs.Snapshot(WorkerHarness.Queue) is { Visible: 0, InFlight: 10 }, TimeSpan.FromSeconds(60), () => tool.Output);
        Assert.True(world.Cluster.Proxy.InterceptedCopyCount == 0, tool.Output);

        var stopping = Stopwatch.StartNew();
        tool.Terminate();
        var exit = await tool.WaitForExitAsync(TimeSpan.FromSeconds(40));
        Assert.True(exit == 0, tool.Output);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(30), $"stopped in {stopping.Elapsed}");

        Assert.True(20 == await world.ScalarAsync("SELECT count(*) FROM public.events"), tool.Output);
        Assert.Equal(1, world.Cluster.Proxy.InterceptedCopyCount);
        Assert.Equal(0, world.Messages(WorkerHarness.Queue));
        Assert.DoesNotContain(world.AdminPassword, tool.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_while_the_database_is_unreachable_releases_the_messages_within_the_stop_timeout()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        for (var i = 0; i < 5; i++)
        {
            await world.PutAsync($"data/{i}.json", i);
        }

        using var tool = CliProcess.Start(Environment(world, new Dictionary<string, string?>
        {
            ["S3ToRedshift:Retry:MaxRetryAttempts"] = "100",
            ["S3ToRedshift:Retry:BaseDelay"] = "00:00:00.200",
            ["S3ToRedshift:Retry:MaxDelay"] = "00:00:00.500",
        }));
        await Eventually.TrueAsync(() => world.Server.State.Sqs.Snapshot(WorkerHarness.Queue) is { Visible: 0, InFlight: 5 }, TimeSpan.FromSeconds(60), () => tool.Output);
        world.Cluster.Proxy.RefuseConnections = true;

        var stopping = Stopwatch.StartNew();
        tool.Terminate();
        Assert.Equal(0, await tool.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(30), $"stopped in {stopping.Elapsed}");

        var queue = world.Server.State.Sqs.Snapshot(WorkerHarness.Queue);
        Assert.Equal(5, queue.Visible);
        world.Cluster.Proxy.RefuseConnections = false;
        Assert.Equal(0, await world.ScalarAsync("SELECT count(*) FROM public.events"));
    }

    [Fact]
    public async Task A_rin_config_yaml_is_accepted_and_the_dry_run_prints_masked_targets_and_copies()
    {
        var directory = Directory.CreateTempSubdirectory("s3rs-rin-");
        try
        {
            var config = Path.Combine(directory.FullName, "config.yaml");
            await File.WriteAllTextAsync(config, """
                queue_name: rin-queue
                credentials:
                  aws_access_key_id: '{{ must_env "RIN_KEY" }}'
                  aws_secret_access_key: '{{ must_env "RIN_SECRET" }}'
                  aws_region: us-east-1
                redshift:
                  host: localhost
                  port: 5439
                  dbname: test
                  user: test_user
                  password: '{{ must_env "REDSHIFT_PASSWORD" }}'
                  schema: public
                s3:
                  bucket: test.bucket.test
                  region: us-east-1
                sql_option: "JSON 'auto' GZIP"
                targets:
                  - s3:
                      key_prefix: test/foo/bar
                    redshift:
                      table: foo
                  - s3:
                      key_regexp: logs/(\w+)/
                    redshift:
                      table: log_$1
                    break: true
                """, TestContext.Current.CancellationToken);
            var events = Path.Combine(directory.FullName, "events.json");
            await File.WriteAllTextAsync(events, string.Join("\n", new[] { "test/foo/bar/x.json", "logs/app/1.json.gz", "other/x.json" }.Select(Event)), TestContext.Current.CancellationToken);

            using var tool = CliProcess.Start(
                new Dictionary<string, string> { ["RIN_KEY"] = "AKIDRINKEY", ["RIN_SECRET"] = "rin-secret-value", ["REDSHIFT_PASSWORD"] = "pa55-w0rd" },
                "--config", config, "--dry-run", "--event-file", events);
            var exit = await tool.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.True(exit == 0, tool.Output);
            Assert.Contains("s3://test.bucket.test/test/foo/bar => redshift://test_user:****@localhost:5439/test/public.foo", tool.Output, StringComparison.Ordinal);
            Assert.Contains(@"s3://test.bucket.test/logs/(\w+)/ => redshift://test_user:****@localhost:5439/test/public.log_$1 (break)", tool.Output, StringComparison.Ordinal);
            Assert.Contains("s3://test.bucket.test/test/foo/bar/x.json => public.foo (target 0): COPY \"public\".\"foo\" FROM 's3://test.bucket.test/test/foo/bar/x.json' CREDENTIALS '****' REGION 'us-east-1' JSON 'auto' GZIP", tool.Output, StringComparison.Ordinal);
            Assert.Contains("s3://test.bucket.test/logs/app/1.json.gz => public.log_app (target 1)", tool.Output, StringComparison.Ordinal);
            Assert.Contains("s3://test.bucket.test/other/x.json: matches no target (DeadLetter)", tool.Output, StringComparison.Ordinal);
            foreach (var secret in new[] { "AKIDRINKEY", "rin-secret-value", "pa55-w0rd" })
            {
                Assert.DoesNotContain(secret, tool.Output, StringComparison.Ordinal);
            }

            await File.WriteAllTextAsync(config, "queue_name: q\nredshift:\n  hots: typo\ntargets: []\n", TestContext.Current.CancellationToken);
            using var bad = CliProcess.Start("--config", config, "--dry-run");
            Assert.Equal(1, await bad.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("config.yaml:3: redshift.hots: unknown key", bad.Output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Bad_configuration_exits_1_listing_every_problem_by_key()
    {
        using var tool = CliProcess.Start(
            new Dictionary<string, string>
            {
                ["GAPTOOLS_S3ToRedshift__Batch__MaxObjects"] = "50",
                ["GAPTOOLS_S3ToRedshift__Targets__0__KeyRegex"] = "(",
                ["GAPTOOLS_S3ToRedshift__Targets__0__Tabel"] = "events",
                ["GAPTOOLS_S3ToRedshift__Batch__DeleteAfterLoad"] = "false",
            },
            "--dry-run");
        Assert.Equal(1, await tool.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("S3ToRedshift:Redshift:Database is required", tool.Output, StringComparison.Ordinal);
        Assert.Contains("S3ToRedshift:Manifest:Prefix is required to load batches", tool.Output, StringComparison.Ordinal);
        Assert.Contains("S3ToRedshift:Targets:0:KeyRegex does not compile", tool.Output, StringComparison.Ordinal);
        Assert.Contains("S3ToRedshift:Copy:IamRole is required", tool.Output, StringComparison.Ordinal);
        Assert.Contains("S3ToRedshift:Targets:0:Tabel is not a key S3ToRedshift reads; did you mean S3ToRedshift:Targets:0:Table?", tool.Output, StringComparison.Ordinal);
        Assert.Contains("S3ToRedshift:Batch:DeleteAfterLoad is not a key S3ToRedshift reads; did you mean S3ToRedshift:Manifest:DeleteAfterLoad?", tool.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", tool.Output, StringComparison.Ordinal);
    }

    private static string Event(string key) =>
        "{\"Records\":[{\"eventVersion\":\"2.0\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\",\"eventTime\":\"1970-01-01T00:00:00.000Z\"," +
        "\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"test.bucket.test\",\"arn\":\"arn:aws:s3:::test.bucket.test\"}," +
        $"\"object\":{{\"key\":\"{key}\",\"size\":1024,\"eTag\":\"0123456789abcdef0123456789abcdef\",\"sequencer\":\"0A1B2C3D4E5F678901\"}}}}}}]}}";
}

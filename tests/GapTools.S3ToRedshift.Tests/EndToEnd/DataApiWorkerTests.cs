using GapTools.Cli;
using GapTools.LocalAws;
using GapTools.Testing;
using Npgsql;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>
/// The worker over the Data API transport: S3 notifications → SQS → BatchExecuteStatement (LocalAws's
/// redshift-data emulator, which runs each statement through the cluster's wire proxy) → rows in PostgreSQL.
/// Statements run as ClusterIdentifier + DbUser, the DbUser being the admin role the test database belongs to.
/// </summary>
public sealed class DataApiWorkerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Objects_notified_to_the_queue_load_exactly_once_through_the_data_api()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        for (var i = 0; i < 10; i++)
        {
            await world.PutAsync($"data/{i:D2}.json", (i * 2) + 1, (i * 2) + 2);
        }

        var exit = await world.RunAsync(new WorkerInvocation { Batch = true }, DataApi(world));

        Assert.True(exit == 0, world.AllLogs());
        Assert.Equal(20, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(20, await world.ScalarAsync("SELECT count(DISTINCT id) FROM public.events"));
        Assert.Equal(10, await world.ScalarAsync("SELECT count(*) FROM gaptools_load_log"));
        Assert.InRange(world.Cluster.Proxy.InterceptedCopyCount, 1, 3);
        Assert.Equal(0, world.Messages(WorkerHarness.Queue));
        Assert.Equal(0, world.Messages(WorkerHarness.DeadLetterQueue));
        Assert.True(world.Server.Requests.Count("redshift-data", "BatchExecuteStatement") > 0, world.AllLogs());
        Assert.True(world.Server.Requests.Count("redshift-data", "DescribeStatement") > 0);
        Assert.DoesNotContain(world.AdminPassword, world.AllLogs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redelivered_event_message_is_skipped_through_the_load_log_and_deleted()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        await world.PutAsync("data/a.json", 1, 2);
        await world.PutAsync("data/b.json", 3);

        // Keep the event messages' bodies to deliver them again after they were loaded and deleted.
        var queueUrl = world.Server.State.Sqs.QueueUrl(world.Server.ServiceUrl, WorkerHarness.Queue);
        using var sqs = world.Server.CreateSqsClient();
        var received = await sqs.ReceiveMessageAsync(new Amazon.SQS.Model.ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 0 }, TestContext.Current.CancellationToken);
        Assert.Equal(3, received.Messages?.Count ?? 0); // two objects and the S3 test event

        Assert.Equal(0, await world.RunAsync(new WorkerInvocation { Batch = true }, DataApi(world)));
        Assert.Equal(3, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        var copies = world.Cluster.Proxy.InterceptedCopyCount;
        Assert.True(copies > 0);

        foreach (var message in received.Messages!)
        {
            world.Server.State.Sqs.Send(WorkerHarness.Queue, message.Body);
        }

        var exit = await world.RunAsync(new WorkerInvocation { Batch = true }, DataApi(world));

        Assert.True(exit == 0, world.AllLogs());
        Assert.Equal(3, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(2, await world.ScalarAsync("SELECT count(*) FROM gaptools_load_log"));
        Assert.Equal(copies, world.Cluster.Proxy.InterceptedCopyCount);
        Assert.Contains(world.Logs.Lines, l => l.Contains("already in the load log; skipped", StringComparison.Ordinal));
        Assert.Equal(0, world.Messages(WorkerHarness.Queue));
        Assert.Equal(0, world.Messages(WorkerHarness.DeadLetterQueue));
    }

    [Fact]
    public async Task Bad_data_is_reported_with_its_detail_and_its_message_released_until_the_dlq_while_good_objects_load()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        await world.PutAsync("data/good.json", 1);
        await world.PutRawAsync("data/bad.json", "{\"id\":\"x\",\"name\":\"n\"}\n");

        var exit = await world.RunAsync(new WorkerInvocation { Batch = true }, DataApi(world));

        // The failing message is never deleted: it is released, received again, fails again, and SQS's redrive
        // policy moves it to the dead-letter queue after maxReceiveCount receives.
        Assert.True(exit == 0, world.AllLogs());
        Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM gaptools_load_log"));
        Assert.Equal(0, world.Messages(WorkerHarness.Queue));
        Assert.Equal(1, world.Messages(WorkerHarness.DeadLetterQueue));
        Assert.Equal(WorkerHarness.MaxReceiveCount, world.Logs.Lines.Count(l => l.Contains("failed (BadData)", StringComparison.Ordinal)));
        Assert.Contains(world.Logs.Lines, l => l.Contains("rejected s3://incoming/data/bad.json line 1 column id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_secret_arn_login_loads_through_the_data_api_without_a_db_user()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        var admin = new NpgsqlConnectionStringBuilder(world.AdminConnectionString);
        world.Server.State.Ssm.PutSecret("redshift/loader", $$"""{"username":"{{admin.Username}}","password":"{{admin.Password}}","dbClusterIdentifier":"analytics"}""");
        await world.PutAsync("data/a.json", 1, 2);
        var settings = DataApi(world);
        settings["S3ToRedshift:Redshift:User"] = null;
        settings["S3ToRedshift:Redshift:SecretArn"] = "arn:aws:secretsmanager:us-east-1:000000000000:secret:redshift/loader";

        var exit = await world.RunAsync(new WorkerInvocation { Batch = true }, settings);

        Assert.True(exit == 0, world.AllLogs());
        Assert.Equal(2, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM gaptools_load_log"));
        Assert.Equal(0, world.Messages(WorkerHarness.Queue));
        Assert.DoesNotContain(world.AdminPassword, world.AllLogs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_serverless_workgroup_loads_through_the_data_api_as_the_callers_iam_identity()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        var admin = new NpgsqlConnectionStringBuilder(world.AdminConnectionString);

        // Serverless: no DbUser or cluster; the database user is the one the caller's IAM identity maps to.
        world.Server.State.RedshiftData.MapWorkgroup("analytics-wg", "analytics");
        world.Server.State.Redshift.MapIamIdentity(world.Server.AwsCredentials.GetCredentials().AccessKey, admin.Username!);
        await world.PutAsync("data/a.json", 1, 2);
        var settings = DataApi(world);
        settings["S3ToRedshift:Redshift:ClusterIdentifier"] = null;
        settings["S3ToRedshift:Redshift:User"] = null;
        settings["S3ToRedshift:Redshift:WorkgroupName"] = "analytics-wg";

        var exit = await world.RunAsync(new WorkerInvocation { Batch = true }, settings);

        Assert.True(exit == 0, world.AllLogs());
        Assert.Equal(2, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM gaptools_load_log"));
        Assert.Equal(0, world.Messages(WorkerHarness.Queue));
        Assert.True(world.Server.State.RedshiftData.WorkgroupSubmissionCount("analytics-wg") > 0, world.AllLogs());
        Assert.Equal(world.Server.Requests.Count("redshift-data", "BatchExecuteStatement") + world.Server.Requests.Count("redshift-data", "ExecuteStatement"), world.Server.State.RedshiftData.WorkgroupSubmissionCount("analytics-wg"));
    }

    [Fact]
    public async Task A_workgroup_the_data_api_does_not_know_fails_the_load_and_keeps_the_message()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        await world.PutAsync("data/a.json", 1);
        var settings = DataApi(world);
        settings["S3ToRedshift:Redshift:ClusterIdentifier"] = null;
        settings["S3ToRedshift:Redshift:User"] = null;
        settings["S3ToRedshift:Redshift:WorkgroupName"] = "no-such-wg";
        settings["S3ToRedshift:Sqs:Consumer:MaxExecutionTime"] = "00:00:03";

        await world.RunAsync(new WorkerInvocation { Batch = true }, settings);

        Assert.Equal(0, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Contains(world.Logs.Lines, l => l.Contains("Redshift endpoint doesn't exist in this region.", StringComparison.Ordinal));
        Assert.Equal(1, world.Messages(WorkerHarness.Queue) + world.Messages(WorkerHarness.DeadLetterQueue));
    }

    /// <summary>The Data API transport: no host or password, the cluster and the admin role as DbUser.</summary>
    private static Dictionary<string, string?> DataApi(WorkerHarness world) => new()
    {
        ["S3ToRedshift:Redshift:Transport"] = "DataApi",
        ["S3ToRedshift:Redshift:ClusterIdentifier"] = "analytics",
        ["S3ToRedshift:Redshift:User"] = new NpgsqlConnectionStringBuilder(world.AdminConnectionString).Username,
        ["S3ToRedshift:Redshift:Host"] = null,
        ["S3ToRedshift:Redshift:Password"] = null,
        ["S3ToRedshift:Redshift:StatementPollInterval"] = "00:00:00.020",
    };
}

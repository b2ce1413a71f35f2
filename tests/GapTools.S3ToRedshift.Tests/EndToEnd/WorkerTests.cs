using GapTools.Core;
using GapTools.LocalAws;
using GapTools.Cli;
using GapTools.Testing;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>The worker through Core's host: S3 notifications → SQS → batches → COPY through the proxy → rows.</summary>
public sealed class WorkerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Batch_mode_drains_the_queue_into_few_copies_ignores_removals_and_test_events_and_isolates_a_deleted_object()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        for (var i = 0; i < 25; i++)
        {
            await world.PutAsync($"data/{i:D2}.json", (i * 2) + 1, (i * 2) + 2);
        }

        await world.S3.DeleteObjectAsync(WorkerHarness.Bucket, "data/00.json", TestContext.Current.CancellationToken);
        world.Server.State.Sqs.Send(WorkerHarness.Queue, """{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2024-01-01T00:00:00.000Z","Bucket":"incoming","RequestId":"r","HostId":"h"}""");

        var exit = await world.RunAsync(new WorkerInvocation { Batch = true });

        // data/00.json was deleted before its load: the manifest COPY names it, it fails alone (and reaches the
        // DLQ after maxReceiveCount), the other 24 objects load in the same run.
        Assert.True(exit == 0, world.AllLogs());
        Assert.Equal(48, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(48, await world.ScalarAsync("SELECT count(DISTINCT id) FROM public.events"));
        Assert.InRange(world.Cluster.Proxy.InterceptedCopyCount, 2, 6);
        Assert.Equal(0, world.Messages(WorkerHarness.Queue));
        Assert.Equal(1, world.Messages(WorkerHarness.DeadLetterQueue));
        Assert.Contains(world.Logs.Lines, l => l.Contains("ObjectRemoved", StringComparison.Ordinal));
        Assert.Contains(world.Logs.Lines, l => l.Contains("s3:TestEvent", StringComparison.Ordinal));
        Assert.DoesNotContain(world.AdminPassword, world.AllLogs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_data_is_logged_with_its_detail_and_reaches_the_dlq_after_max_receive_count_while_good_objects_load()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        await world.PutAsync("data/good.json", 1);
        await world.PutRawAsync("data/bad.json", "{\"id\":\"x\",\"name\":\"n\"}\n");

        var exit = await world.RunAsync(new WorkerInvocation { Batch = true });

        Assert.True(exit == 0, world.AllLogs());
        Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(0, world.Messages(WorkerHarness.Queue));
        Assert.Equal(1, world.Messages(WorkerHarness.DeadLetterQueue));
        Assert.Contains(world.Logs.Lines, l => l.Contains("rejected s3://incoming/data/bad.json line 1 column id", StringComparison.Ordinal));
        Assert.Equal(WorkerHarness.MaxReceiveCount, world.Logs.Lines.Count(l => l.Contains("failed (BadData)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_event_no_target_matches_is_dead_lettered_not_deleted_and_acknowledged_only_by_policy()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        await world.PutAsync("elsewhere/a.json", 1);

        Assert.Equal(0, await world.RunAsync(new WorkerInvocation { Batch = true }));
        Assert.Equal(1, world.Messages(WorkerHarness.DeadLetterQueue));
        Assert.Contains(world.Logs.Lines, l => l.Contains("matches no target", StringComparison.Ordinal));

        await world.PutAsync("elsewhere/b.json", 2);
        Assert.Equal(0, await world.RunAsync(new WorkerInvocation { Batch = true }, new Dictionary<string, string?> { ["S3ToRedshift:UnmatchedEvents"] = "Acknowledge" }));
        Assert.Equal(0, world.Messages(WorkerHarness.Queue));
        Assert.Equal(1, world.Messages(WorkerHarness.DeadLetterQueue));
        Assert.Equal(0, await world.ScalarAsync("SELECT count(*) FROM public.events"));
    }

    [Fact]
    public async Task Iam_credentials_refresh_after_expiry_and_a_maintenance_window_pauses_receiving_then_resumes_with_no_failed_message()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        var user = "loader_" + Guid.NewGuid().ToString("N")[..8];
        await world.ExecuteAsync($"CREATE ROLE \"IAM:{user}\" LOGIN; GRANT ALL ON SCHEMA public TO \"IAM:{user}\"; GRANT ALL ON public.events TO \"IAM:{user}\"");
        var settings = new Dictionary<string, string?>
        {
            ["S3ToRedshift:Redshift:User"] = user,
            ["S3ToRedshift:Redshift:Password"] = null,
            ["S3ToRedshift:Redshift:IamAuthentication"] = "true",
            ["S3ToRedshift:Redshift:ClusterIdentifier"] = "analytics",
            ["S3ToRedshift:Batch:MaxWait"] = "00:00:00.200",
        };
        world.Cluster.BeginMaintenance();
        await world.PutAsync("data/a.json", 1);
        await world.PutAsync("data/b.json", 2);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = world.RunAsync(new WorkerInvocation(), settings, stop.Token);
        await Eventually.TrueAsync(() => world.Logs.Lines.Any(l => l.Contains("is modifying: receiving paused", StringComparison.Ordinal)), onTimeout: world.AllLogs);
        Assert.Equal(0, await world.ScalarAsync("SELECT count(*) FROM public.events"));

        world.Cluster.EndMaintenance();
        await Eventually.TrueAsync(() => world.Messages(WorkerHarness.Queue) == 0, TimeSpan.FromSeconds(30), world.AllLogs);

        // The temporary password expires and pooled connections are gone: the refused login fetches a new one.
        await world.Cluster.ExpireCredentialsAsync($"IAM:{user}", TestContext.Current.CancellationToken);
        world.Cluster.Proxy.DropAllConnections();
        await world.PutAsync("data/c.json", 3);
        await Eventually.TrueAsync(() => world.Messages(WorkerHarness.Queue) == 0 && world.Logs.Lines.Count(l => l.Contains("Loaded", StringComparison.Ordinal)) >= 2, TimeSpan.FromSeconds(30), world.AllLogs);
        await stop.CancelAsync();
        Assert.Equal(0, await run);

        Assert.Equal(3, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Contains(world.Logs.Lines, l => l.Contains("after RedshiftLoadException <- PostgresException", StringComparison.Ordinal)); // 28P01, retried
        Assert.True(world.Logs.Lines.Count(l => l.Contains($"credentials for IAM:{user} issued", StringComparison.Ordinal)) >= 2, world.AllLogs());
        Assert.Equal(0, world.Messages(WorkerHarness.DeadLetterQueue));
        Assert.Contains(world.Logs.Lines, l => l.Contains($"credentials for IAM:{user} issued", StringComparison.Ordinal));
        Assert.Contains(world.Logs.Lines, l => l.Contains("receiving resumed", StringComparison.Ordinal));
        Assert.Equal(3, await world.ScalarAsync($"SELECT count(*) FROM gaptools_load_log"));
        Assert.True(world.Server.Requests.Count("redshift", "DescribeClusters") > 0);
        Assert.True(world.Server.Requests.Count("redshift", "GetClusterCredentials") > 0);
    }
}

public sealed class WorkerStopTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Stopping_closes_the_open_batch_so_it_loads_within_the_grace_instead_of_after_max_wait()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        for (var i = 0; i < 4; i++)
        {
            await world.PutAsync($"data/{i}.json", i);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = world.RunAsync(new WorkerInvocation(), new Dictionary<string, string?> { ["S3ToRedshift:Batch:MaxWait"] = "00:10:00" }, stop.Token);
        await Eventually.TrueAsync(() => world.Server.State.Sqs.Snapshot(WorkerHarness.Queue) is { Visible: 0, InFlight: 4 }, onTimeout: world.AllLogs);
        world.Lifetime!.StopApplication();
        Assert.Equal(0, await run);

        Assert.True(4 == await world.ScalarAsync("SELECT count(*) FROM public.events"), world.AllLogs());
        Assert.Equal(0, world.Messages(WorkerHarness.Queue));
    }
}

public sealed class WorkerConcurrencyTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Two_workers_on_one_queue_with_duplicated_event_messages_load_every_row_once()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        var settings = new Dictionary<string, string?> { ["S3ToRedshift:Batch:MaxObjects"] = "7", ["S3ToRedshift:Sqs:Consumer:MaxInFlight"] = "10" };
        for (var i = 0; i < 30; i++)
        {
            await world.PutAsync($"data/{i:D2}.json", (i * 2) + 1, (i * 2) + 2);
        }

        // S3 delivers events at least once: send a copy of every event message as well.
        var queueUrl = world.Server.State.Sqs.QueueUrl(world.Server.ServiceUrl, WorkerHarness.Queue);
        using var sqs = world.Server.CreateSqsClient();
        var received = await sqs.ReceiveMessageAsync(new Amazon.SQS.Model.ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 0 }, TestContext.Current.CancellationToken);
        foreach (var message in received.Messages ?? [])
        {
            world.Server.State.Sqs.Send(WorkerHarness.Queue, message.Body);
        }

        var runs = new[] { world.RunAsync(new WorkerInvocation { Batch = true }, settings), world.RunAsync(new WorkerInvocation { Batch = true }, settings) };
        var exits = await Task.WhenAll(runs);
        Assert.True(exits.All(e => e == 0), world.AllLogs());

        Assert.Equal(60, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(60, await world.ScalarAsync("SELECT count(DISTINCT id) FROM public.events"));
        Assert.Equal(30, await world.ScalarAsync("SELECT count(*) FROM gaptools_load_log"));
        Assert.Equal(0, world.Messages(WorkerHarness.Queue));
        Assert.Equal(0, world.Messages(WorkerHarness.DeadLetterQueue));
        Assert.True((received.Messages?.Count ?? 0) > 0);
    }
}

public sealed class WorkerSourceTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Backfill_loads_existing_objects_one_copy_per_listing_page_and_a_second_backfill_loads_nothing()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        for (var i = 0; i < 150; i++)
        {
            await world.PutAsync($"data/{i:D3}.json", i);
        }

        var backfill = new WorkerInvocation { Backfill = S3Uri.Parse("s3://incoming/data/") };
        var exit = await world.RunAsync(backfill);
        Assert.True(exit == 0, world.AllLogs());
        Assert.Equal(150, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(2, world.Cluster.Proxy.InterceptedCopyCount); // pages of 100 and 50

        Assert.Equal(0, await world.RunAsync(backfill));
        Assert.Equal(150, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(2, world.Cluster.Proxy.InterceptedCopyCount);
    }

    [Fact]
    public async Task Event_file_replays_events_and_fails_the_run_for_an_object_that_cannot_load()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        await world.PutAsync("data/a.json", 1);
        await world.PutAsync("data/b.json", 2);
        var file = Path.GetTempFileName();
        try
        {
            // The events name the ETags S3 reported (an event naming other content would be superseded, not loaded).
            var lines = new List<string>();
            foreach (var key in new[] { "data/a.json", "data/b.json" })
            {
                lines.Add(Event(key, (await world.S3.GetObjectMetadataAsync(WorkerHarness.Bucket, key, TestContext.Current.CancellationToken)).ETag.Trim('"')));
            }

            lines.Add(Event("data/missing.json", "0123456789abcdef0123456789abcdef"));
            await File.WriteAllLinesAsync(file, lines, TestContext.Current.CancellationToken);
            var exit = await world.RunAsync(new WorkerInvocation { EventFile = file });
            Assert.Equal(1, exit);
            Assert.Equal(2, await world.ScalarAsync("SELECT count(*) FROM public.events"));
            Assert.Contains(world.Logs.Lines, l => l.Contains($"Not processed: {file}:3: RetryAfter", StringComparison.Ordinal));
            Assert.Contains(world.Logs.Lines, l => l.Contains("failed (Permanent)", StringComparison.Ordinal) && l.Contains("s3://incoming/data/missing.json", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Max_execution_time_stops_a_continuous_worker()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        await world.PutAsync("data/a.json", 1);
        var exit = await world.RunAsync(new WorkerInvocation { MaxExecutionTime = TimeSpan.FromSeconds(2) }, new Dictionary<string, string?> { ["S3ToRedshift:Batch:MaxWait"] = "00:00:00.100" });
        Assert.Equal(0, exit);
        Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM public.events"));
    }

    private static string Event(string key, string etag) =>
        "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\",\"eventTime\":\"2024-01-01T00:00:00.000Z\"," +
        "\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"incoming\",\"arn\":\"arn:aws:s3:::incoming\"}," +
        $"\"object\":{{\"key\":\"{key}\",\"size\":20,\"eTag\":\"{etag}\",\"sequencer\":\"0A\"}}}}}}]}}";
}

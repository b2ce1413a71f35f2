using System.Net;
using Amazon.SQS.Model;
using GapTools.Cli;
using GapTools.LocalAws.Faults;
using GapTools.LocalAws;
using GapTools.Testing;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>Exactly once when a key is overwritten before it loads; permission errors paced to the DLQ; a shaky start.</summary>
public sealed class ExactlyOnceAndStartupTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_written_twice_before_it_loads_loads_the_second_content_once_and_logs_only_its_etag()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        await world.PutAsync("data/same-key.json", 1, 2);     // content A
        await world.PutAsync("data/same-key.json", 3, 4, 5);  // content B, before any load
        var current = (await world.S3.GetObjectMetadataAsync(WorkerHarness.Bucket, "data/same-key.json", Ct)).ETag.Trim('"');
        await DuplicateEveryMessageAsync(world);

        var exit = await world.RunAsync(new WorkerInvocation { Batch = true });

        Assert.True(exit == 0, world.AllLogs());
        Assert.Equal(3, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(3, await world.ScalarAsync("SELECT count(*) FROM public.events WHERE id IN (3, 4, 5)"));
        Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM gaptools_load_log WHERE object_key = 'data/same-key.json'"));
        Assert.Equal(1, await world.ScalarAsync($"SELECT count(*) FROM gaptools_load_log WHERE object_key = 'data/same-key.json' AND etag = '{current}'"));
        Assert.Equal(0, world.Messages(WorkerHarness.Queue));
        Assert.Equal(0, world.Messages(WorkerHarness.DeadLetterQueue));
        Assert.Contains(world.Logs.Lines, l => l.Contains("superseded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_permission_error_reaches_the_dlq_after_max_receive_count_at_the_failed_message_pace_with_table_and_sqlstate()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        // A login that may insert into the target but not create the load log (PostgreSQL 15: no CREATE on public for PUBLIC).
        await world.ExecuteAsync("CREATE ROLE narrow LOGIN PASSWORD 'narrow-pass'; GRANT INSERT, SELECT ON public.events TO narrow");
        await world.PutAsync("data/a.json", 1);
        var settings = new Dictionary<string, string?>
        {
            ["S3ToRedshift:Redshift:User"] = "narrow",
            ["S3ToRedshift:Redshift:Password"] = "narrow-pass",
            ["S3ToRedshift:FailedMessageDelay"] = "00:00:02",
            ["S3ToRedshift:Batch:MaxWait"] = "00:00:00.100",
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var started = DateTime.UtcNow;

        var run = world.RunAsync(new WorkerInvocation(), settings, stop.Token);
        await Eventually.TrueAsync(() => world.Messages(WorkerHarness.DeadLetterQueue) == 1, TimeSpan.FromSeconds(60), world.AllLogs);
        var elapsed = DateTime.UtcNow - started;
        await stop.CancelAsync();
        await run;

        var failures = world.Logs.Lines.Where(l => l.Contains("42501", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == WorkerHarness.MaxReceiveCount, world.AllLogs());   // once per delivery, not a hot loop
        Assert.All(failures, l => Assert.Contains("gaptools_load_log", l, StringComparison.Ordinal));
        Assert.True(elapsed >= TimeSpan.FromSeconds(2), $"dead-lettered after {elapsed}: the redelivery did not wait FailedMessageDelay");
        Assert.Equal(0, await world.ScalarAsync("SELECT count(*) FROM public.events"));
    }

    [Fact]
    public async Task The_worker_starts_and_loads_while_GetQueueUrl_fails_twice()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        await world.PutAsync("data/a.json", 1, 2);
        world.Server.Faults.Add(FaultRule.HttpError("sqs", "GetQueueUrl", HttpStatusCode.InternalServerError, "InternalError", count: 2));

        var exit = await world.RunAsync(new WorkerInvocation { Batch = true });

        Assert.True(exit == 0, world.AllLogs());
        Assert.Equal(2, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(2, world.Logs.Lines.Count(l => l.Contains("Retrying sqs.GetQueueUrl", StringComparison.Ordinal)));
    }

    // Every event delivered twice, as SQS's at-least-once delivery may.
    private static async Task DuplicateEveryMessageAsync(WorkerHarness world)
    {
        using var sqs = world.Server.CreateSqsClient();
        var url = world.Server.SqsQueueUrl(WorkerHarness.Queue);
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, VisibilityTimeout = 0 }, Ct);
        foreach (var message in received.Messages ?? [])
        {
            world.Server.State.Sqs.Send(WorkerHarness.Queue, message.Body);
        }
    }
}

using GapTools.Workers.Sqs;
using GapTools.S3ToRedshift.Configuration;
using GapTools.S3ToRedshift.Sink;
using GapTools.S3ToRedshift.Source;
using GapTools.S3ToRedshift.Tests.Fakes;
using GapTools.Testing;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>Batch limits by bytes and by time, maintenance pauses and secrets, end to end over the wire proxy.</summary>
public sealed class WireBatchingTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<MessageDisposition> Process(LoadEngine engine, params ObjectEvent[] objects) =>
        engine.Processor.ProcessAsync(Guid.NewGuid().ToString(), objects, Ct);

    [Fact]
    public async Task Batches_close_at_the_byte_limit()
    {
        await using var world = await RedshiftWorld.StartAsync(postgres);
        var options = world.Options(maxObjects: 100) with { Batch = new BatchOptions { MaxObjects = 100, MaxBytes = 100, MaxWait = TimeSpan.FromMinutes(10) } };
        var engine = world.Engine(options);
        var events = new List<ObjectEvent>();
        for (var i = 0; i < 6; i++)
        {
            events.Add(await world.PutAsync($"data/{i}.json", i, i + 100)); // ~40 bytes each: two per 100-byte batch
        }

        var messages = events.Select(e => Process(engine, e)).ToList();
        await Eventually.TrueAsync(() => engine.Batcher.PendingObjects == 2 && world.Cluster.Proxy.InterceptedCopyCount == 2);
        engine.Batcher.FlushAll();
        await Task.WhenAll(messages);

        Assert.Equal(12, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(3, world.Cluster.Proxy.InterceptedCopyCount);
    }

    [Fact]
    public async Task Batches_close_when_the_first_object_has_waited_max_wait()
    {
        await using var world = await RedshiftWorld.StartAsync(postgres);
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var options = world.Options(maxObjects: 100) with { Batch = new BatchOptions { MaxObjects = 100, MaxWait = TimeSpan.FromSeconds(60) } };
        var engine = world.Engine(options, time);
        var a = Process(engine, await world.PutAsync("data/a.json", 1));
        time.Advance(TimeSpan.FromSeconds(40));
        var b = Process(engine, await world.PutAsync("data/b.json", 2));
        await Eventually.TrueAsync(() => engine.Batcher.PendingObjects == 2);
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(0, world.Cluster.Proxy.InterceptedCopyCount);

        time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(a, b);
        Assert.Equal(2, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(1, world.Cluster.Proxy.InterceptedCopyCount);
    }

    [Fact]
    public async Task A_maintenance_window_pauses_loading_and_resumes_with_no_failed_message()
    {
        await using var world = await RedshiftWorld.StartAsync(postgres);
        var status = new ClusterAvailability(
            "analytics", _ => Task.FromResult(world.Cluster.Status), TimeProvider.System, TimeSpan.FromSeconds(10),
            TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), world.Logs.For<ClusterAvailability>());
        var engine = world.Engine(world.Options(maxObjects: 2), cluster: status);
        Assert.Equal(MessageDispositionKind.Delete, (await Process(engine, await world.PutAsync("data/warm.json", 0), await world.PutAsync("data/warm2.json", 99))).Kind);

        world.Cluster.BeginMaintenance(); // status modifying; connections reset and refused
        var during = Process(engine, await world.PutAsync("data/a.json", 1), await world.PutAsync("data/b.json", 2));
        await Eventually.TrueAsync(() => status.IsPaused, onTimeout: () => string.Join("\n", world.Logs.Lines));
        Assert.False(status.WaitUntilOpenAsync(Ct).AsTask().IsCompleted);
        Assert.False(during.IsCompleted);

        world.Cluster.EndMaintenance();
        Assert.Equal(MessageDispositionKind.Delete, (await during).Kind);
        Assert.True(status.WaitUntilOpenAsync(Ct).AsTask().IsCompleted);
        Assert.Equal(4, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Single(world.Logs.Lines, l => l.Contains("is modifying: receiving paused", StringComparison.Ordinal));
        Assert.DoesNotContain(world.Logs.Lines, l => l.Contains("failed", StringComparison.OrdinalIgnoreCase) && l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Worker_credentials_in_copy_never_reach_the_logs()
    {
        await using var world = await RedshiftWorld.StartAsync(postgres);
        const string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
        var options = world.Options(maxObjects: 2);
        var engine = world.EngineWith(options, new WorkerCopyCredentials(new Amazon.Runtime.SessionAWSCredentials("AKIDWORKER", secret, "session-token-value")));
        var verdict = await Process(engine, await world.PutAsync("data/a.json", 1), await world.PutRawAsync("data/bad.json", "{\"id\":\"x\"}\n"));

        Assert.Equal(MessageDispositionKind.RetryAfter, verdict.Kind);
        Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Contains(world.Logs.Lines, l => l.Contains("CREDENTIALS '****'", StringComparison.Ordinal));
        Assert.DoesNotContain(world.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal) || l.Contains("session-token-value", StringComparison.Ordinal) || l.Contains("AKIDWORKER", StringComparison.Ordinal));
        Assert.DoesNotContain(secret, verdict.Reason, StringComparison.Ordinal);
    }
}

using GapTools.S3ToRedshift.Sink;
using GapTools.Workers.Sqs;
using GapTools.S3ToRedshift.Source;
using GapTools.Testing;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>
/// The load path end to end over the wire transport: S3 objects put through the SDK, COPY through Npgsql and the
/// Redshift proxy, rows counted in PostgreSQL, COPYs counted by the proxy.
/// </summary>
public sealed class WireLoadTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<MessageDisposition> Process(LoadEngine engine, params ObjectEvent[] objects) =>
        engine.Processor.ProcessAsync(Guid.NewGuid().ToString(), objects, Ct);

    [Fact]
    public async Task Objects_batch_by_count_into_one_manifest_copy_each_and_rows_land_once()
    {
        await using var world = await RedshiftWorld.StartAsync(postgres);
        var engine = world.Engine(world.Options(maxObjects: 5));
        var events = new List<ObjectEvent>();
        for (var i = 0; i < 12; i++)
        {
            events.Add(await world.PutAsync($"data/{i:D2}.json", (i * 2) + 1, (i * 2) + 2));
        }

        var messages = events.Select(e => Process(engine, e)).ToList();
        await Eventually.TrueAsync(() => engine.Batcher.PendingObjects == 2);
        engine.Batcher.FlushAll();
        var verdicts = await Task.WhenAll(messages);

        Assert.All(verdicts, v => Assert.Equal(MessageDispositionKind.Delete, v.Kind));
        Assert.Equal(24, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(24, await world.ScalarAsync("SELECT count(DISTINCT id) FROM public.events"));
        Assert.Equal(3, world.Cluster.Proxy.InterceptedCopyCount);
        Assert.Equal(12, await world.ScalarAsync("SELECT count(*) FROM gaptools_load_log"));
    }

    [Fact]
    public async Task Duplicate_deliveries_and_redelivery_after_commit_load_nothing_twice()
    {
        await using var world = await RedshiftWorld.StartAsync(postgres);
        var engine = world.Engine(world.Options(maxObjects: 10));
        var a = await world.PutAsync("data/a.json", 1, 2);
        var b = await world.PutAsync("data/b.json", 3);

        // The same message twice while its batch is open (visibility expired mid-batch), then a redelivery after commit.
        var first = Process(engine, a, b);
        var duplicate = Process(engine, a, b);
        await Eventually.TrueAsync(() => engine.Batcher.PendingObjects == 2);
        engine.Batcher.FlushAll();
        Assert.Equal(MessageDispositionKind.Delete, (await first).Kind);
        Assert.Equal(MessageDispositionKind.Delete, (await duplicate).Kind);

        // "Killed between COPY and delete": the commit happened, the message comes back.
        var redelivered = Process(engine, a, b);
        await Eventually.TrueAsync(() => engine.Batcher.PendingObjects == 2);
        engine.Batcher.FlushAll();
        Assert.Equal(MessageDispositionKind.Delete, (await redelivered).Kind);

        Assert.Equal(3, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(1, world.Cluster.Proxy.InterceptedCopyCount);
        Assert.Contains(world.Logs.Lines, l => l.Contains("already in the load log", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_workers_loading_the_same_objects_at_once_load_each_row_once()
    {
        await using var world = await RedshiftWorld.StartAsync(postgres);
        var one = world.Engine(world.Options(maxObjects: 20));
        var two = world.Engine(world.Options(maxObjects: 20));
        var events = new List<ObjectEvent>();
        for (var i = 0; i < 20; i++)
        {
            events.Add(await world.PutAsync($"data/{i:D2}.json", i));
        }

        // Each worker receives every message (duplicates across workers); both fill a batch of 20 and COPY.
        var runs = events.Select(e => Process(one, e)).Concat(events.Select(e => Process(two, e))).ToList();
        var verdicts = await Task.WhenAll(runs);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", world.Logs.Lines));

        Assert.All(verdicts, v => Assert.Equal(MessageDispositionKind.Delete, v.Kind));
        Assert.Equal(20, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(20, await world.ScalarAsync("SELECT count(*) FROM gaptools_load_log"));
    }

    [Fact]
    public async Task A_connection_dropped_mid_copy_is_retried_and_loads_once()
    {
        await using var world = await RedshiftWorld.StartAsync(postgres);
        var engine = world.Engine(world.Options(maxObjects: 2));
        var a = await world.PutAsync("data/a.json", 1);
        var b = await world.PutAsync("data/b.json", 2);
        world.Cluster.Proxy.DropNextCopy = true;

        var verdict = await Process(engine, a, b);

        Assert.Equal(MessageDispositionKind.Delete, verdict.Kind);
        Assert.Equal(2, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(2, world.Cluster.Proxy.InterceptedCopyCount);
    }

    [Fact]
    public async Task Bad_data_fails_only_its_object_with_the_load_error_detail_logged()
    {
        await using var world = await RedshiftWorld.StartAsync(postgres);
        var engine = world.Engine(world.Options(maxObjects: 3));
        var good1 = await world.PutAsync("data/good1.json", 1);
        var bad = await world.PutRawAsync("data/bad.json", "{\"id\":\"not-a-number\",\"name\":\"x\"}\n");
        var good2 = await world.PutAsync("data/good2.json", 2);

        var verdicts = await Task.WhenAll(Process(engine, good1), Process(engine, bad), Process(engine, good2));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", world.Logs.Lines));

        Assert.Equal(MessageDispositionKind.Delete, verdicts[0].Kind);
        Assert.Equal(MessageDispositionKind.RetryAfter, verdicts[1].Kind);
        Assert.Contains("s3://incoming/data/bad.json", verdicts[1].Reason, StringComparison.Ordinal);
        Assert.Equal(MessageDispositionKind.Delete, verdicts[2].Kind);
        Assert.Equal(2, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Contains(world.Logs.Lines, l => l.Contains("rejected s3://incoming/data/bad.json line 1 column id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_loading_user_that_cannot_read_sys_load_error_detail_is_told_so_in_one_line()
    {
        await using var world = await RedshiftWorld.StartAsync(postgres);
        // A user that may load and write the error log (as Redshift does for it) but not read the rows back.
        var user = "loader_" + Guid.NewGuid().ToString("N")[..12];
        await world.AdminExecuteAsync($"""
            CREATE ROLE {user} LOGIN PASSWORD 'loader-pass';
            GRANT ALL ON SCHEMA public TO {user};
            GRANT ALL ON public.events TO {user};
            {GapTools.LocalAws.Redshift.Copy.LoadErrorLog.CreateSql}
            GRANT INSERT, SELECT (query_id) ON public.sys_load_error_detail TO {user};
            GRANT USAGE ON SEQUENCE public.sys_load_error_detail_query_id_seq TO {user};
            """);
        var options = world.Options(maxObjects: 1);
        options.Redshift.User = user;
        options.Redshift.Password = "loader-pass";
        var engine = world.Engine(options);
        var bad = await world.PutRawAsync("data/bad.json", "{\"id\":\"not-a-number\",\"name\":\"x\"}\n");

        var verdict = await Process(engine, bad);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", world.Logs.Lines));

        Assert.Equal(MessageDispositionKind.RetryAfter, verdict.Kind);
        var line = Assert.Single(world.Logs.Lines, l => l.Contains("Could not read sys_load_error_detail", StringComparison.Ordinal));
        Assert.Contains("42501", line, StringComparison.Ordinal);
        Assert.Contains("needs SELECT on sys_load_error_detail", line, StringComparison.Ordinal);
        Assert.DoesNotContain("loader-pass", string.Join("\n", world.Logs.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_with_quotes_plus_percent_and_unicode_load_exactly_and_are_logged_verbatim()
    {
        await using var world = await RedshiftWorld.StartAsync(postgres);
        var engine = world.Engine(world.Options(maxObjects: 6));
        string[] keys = ["data/it's.json", "data/\"quoted\".json", "data/a+b.json", "data/100%25 done.json", "data/日本語/ü.json", "data/back\\slash.json"];
        var events = new List<ObjectEvent>();
        for (var i = 0; i < keys.Length; i++)
        {
            events.Add(await world.PutAsync(keys[i], i));
        }

        var verdict = await Process(engine, [.. events]);

        Assert.Equal(MessageDispositionKind.Delete, verdict.Kind);
        Assert.Equal(keys.Length, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(keys.Order(StringComparer.Ordinal), (await world.StringsAsync("SELECT object_key FROM gaptools_load_log")).Order(StringComparer.Ordinal));
        Assert.Equal(1, world.Cluster.Proxy.InterceptedCopyCount);
    }

    [Fact]
    public async Task Without_a_manifest_prefix_each_object_is_its_own_direct_copy()
    {
        await using var world = await RedshiftWorld.StartAsync(postgres);
        var engine = world.Engine(world.Options(maxObjects: null, manifest: false));
        var a = await world.PutAsync("data/a.json", 1);
        var b = await world.PutAsync("data/b.json", 2);

        Assert.Equal(MessageDispositionKind.Delete, (await Process(engine, a, b)).Kind);
        Assert.Equal(2, await world.ScalarAsync("SELECT count(*) FROM public.events"));
        Assert.Equal(2, world.Cluster.Proxy.InterceptedCopyCount);
    }

    [Fact]
    public async Task A_missing_table_is_permanent_and_not_retried()
    {
        await using var world = await RedshiftWorld.StartAsync(postgres);
        var engine = world.Engine(world.Options(maxObjects: 1, table: "no_such_table"));
        var a = await world.PutAsync("data/a.json", 1);

        var verdict = await Process(engine, a);

        Assert.Equal(MessageDispositionKind.RetryAfter, verdict.Kind);
        Assert.Equal(1, world.Cluster.Proxy.InterceptedCopyCount);
    }
}

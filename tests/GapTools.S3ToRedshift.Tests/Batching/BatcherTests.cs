using GapTools.S3ToRedshift.Batching;
using GapTools.S3ToRedshift.Routing;
using GapTools.S3ToRedshift.Sink;
using GapTools.S3ToRedshift.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace GapTools.S3ToRedshift.Tests.Batching;

public sealed class BatcherTests
{
    private static readonly BatchKey Key = new(new QualifiedTableName(null, "t"), null, null);
    private readonly ManualTimeProvider _time = new();
    private readonly List<PendingBatch> _loaded = [];
    private TaskCompletionSource? _loadGate;

    private static BatchItem Item(string key, long size = 1) => new(Key, new LoadLogEntry("b", key, "", "e", Key.Table), size, null);

    private Batcher Create(BatchLimits limits) => new(limits, async (batch, ct) =>
    {
        if (_loadGate is { } gate)
        {
            await gate.Task.WaitAsync(ct);
        }

        lock (_loaded)
        {
            _loaded.Add(batch);
        }

        return batch.Items.ToDictionary(i => i.Entry, _ => new ObjectLoadResult(ObjectLoadStatus.Loaded));
    }, _time, NullLogger<Batcher>.Instance);

    [Fact]
    public async Task Max_wait_closes_the_batch_on_the_clock_without_sleeping()
    {
        await using var batcher = Create(new BatchLimits(100, 1_000, TimeSpan.FromSeconds(60)));
        var a = batcher.EnqueueAsync(Item("a"));
        _time.Advance(TimeSpan.FromSeconds(30));
        var b = batcher.EnqueueAsync(Item("b"));
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(a.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        var results = await Task.WhenAll(a, b);
        Assert.All(results, r => Assert.Equal(ObjectLoadStatus.Loaded, r.Status));
        var batch = Assert.Single(_loaded);
        Assert.Equal((2, BatchFlushReason.Time), (batch.Items.Count, batch.Reason));
    }

    [Fact]
    public async Task Duplicates_in_one_open_batch_share_one_load_and_both_complete()
    {
        await using var batcher = Create(new BatchLimits(2, 1_000, TimeSpan.FromSeconds(60)));
        var first = batcher.EnqueueAsync(Item("a"));
        var again = batcher.EnqueueAsync(Item("a"));
        var other = batcher.EnqueueAsync(Item("b"));
        await Task.WhenAll(first, again, other);
        Assert.Equal(2, Assert.Single(_loaded).Items.Count);
    }

    [Fact]
    public async Task Objects_keep_accumulating_while_a_load_runs()
    {
        _loadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var batcher = Create(new BatchLimits(2, 1_000, TimeSpan.FromSeconds(60)));
        var firstBatch = new[] { batcher.EnqueueAsync(Item("a")), batcher.EnqueueAsync(Item("b")) };
        var later = new[] { batcher.EnqueueAsync(Item("c")), batcher.EnqueueAsync(Item("d")), batcher.EnqueueAsync(Item("e")) };
        Assert.Equal(1, batcher.PendingObjects);
        batcher.FlushAll();
        _loadGate.SetResult();
        await Task.WhenAll(firstBatch.Concat(later));
        Assert.Equal([2, 2, 1], _loaded.Select(b => b.Items.Count));
        Assert.Equal(BatchFlushReason.Drain, _loaded[2].Reason);
    }

    [Fact]
    public async Task Stop_flushes_then_loads_and_a_cancelled_stop_releases_the_rest()
    {
        var batcher = Create(new BatchLimits(10, 1_000, TimeSpan.FromSeconds(60)));
        var a = batcher.EnqueueAsync(Item("a"));
        await batcher.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal(ObjectLoadStatus.Loaded, (await a).Status);
        Assert.Equal(ObjectLoadStatus.Retry, (await batcher.EnqueueAsync(Item("late"))).Status);
        await batcher.DisposeAsync();

        _loadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = Create(new BatchLimits(10, 1_000, TimeSpan.FromSeconds(60)));
        var b = stuck.EnqueueAsync(Item("b"));
        using var deadline = new CancellationTokenSource();
        var stopping = stuck.StopAsync(deadline.Token);
        await deadline.CancelAsync();
        await stopping;
        Assert.Equal(ObjectLoadStatus.Retry, (await b).Status);
        await stuck.DisposeAsync();
    }
}

public sealed class BatcherDrainTests
{
    [Fact]
    public async Task After_drain_objects_that_still_arrive_load_after_a_short_gathering_delay_not_max_wait()
    {
        var time = new ManualTimeProvider();
        var loaded = new List<int>();
        var key = new BatchKey(new QualifiedTableName(null, "t"), null, null);
        await using var batcher = new Batcher(new BatchLimits(100, 1_000, TimeSpan.FromMinutes(10)), (batch, _) =>
        {
            lock (loaded)
            {
                loaded.Add(batch.Items.Count);
            }

            return Task.FromResult<IReadOnlyDictionary<LoadLogEntry, ObjectLoadResult>>(batch.Items.ToDictionary(i => i.Entry, _ => new ObjectLoadResult(ObjectLoadStatus.Loaded)));
        }, time, Microsoft.Extensions.Logging.Abstractions.NullLogger<Batcher>.Instance);

        var early = batcher.EnqueueAsync(new BatchItem(key, new LoadLogEntry("b", "early", "", "e", key.Table), 1, null));
        batcher.Drain();
        Assert.Equal(ObjectLoadStatus.Loaded, (await early).Status);

        var late = new[] { "x", "y" }.Select(k => batcher.EnqueueAsync(new BatchItem(key, new LoadLogEntry("b", k, "", "e", key.Table), 1, null))).ToList();
        Assert.False(late[0].IsCompleted);
        time.Advance(Batcher.DrainDelay);
        await Task.WhenAll(late);
        Assert.Equal([1, 2], loaded);
    }
}

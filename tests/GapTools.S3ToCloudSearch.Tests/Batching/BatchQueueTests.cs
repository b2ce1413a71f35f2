using GapTools.S3ToCloudSearch.Batching;
using GapTools.S3ToCloudSearch.Tests.Fakes;

namespace GapTools.S3ToCloudSearch.Tests.Batching;

public sealed class BatchQueueTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_partial_batch_is_ready_only_once_every_producer_has_left()
    {
        var queue = new BatchQueue(1024 * 1024 + 2);
        var origin = new DocumentOrigin(TestObjects.Progress(), 1, 0);
        var first = queue.Enter();
        var second = queue.Enter();
        await queue.AddAsync(TestObjects.Delete("a"), origin, Ct);

        var ready = queue.WaitReadyAsync(Ct).AsTask();
        first.Dispose();
        Assert.False(ready.IsCompleted);
        second.Dispose();

        await ready.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(1, queue.Take()!.Count);
        Assert.Null(queue.Take());
    }

    [Fact]
    public async Task A_full_batch_is_ready_while_producers_still_add_and_a_third_batch_waits_for_room()
    {
        var queue = new BatchQueue(1024 * 1024 + 2);
        var origin = new DocumentOrigin(TestObjects.Progress(), 1, 0);
        using var lease = queue.Enter();
        var big = TestObjects.Add("big", 1024 * 1024);

        await queue.AddAsync(big, origin, Ct);
        await queue.AddAsync(big, origin, Ct); // seals the first batch
        await queue.WaitReadyAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Ct);

        var blocked = queue.AddAsync(big, origin, Ct).AsTask(); // needs a third batch
        await Task.Delay(50, Ct);
        Assert.False(blocked.IsCompleted);

        var taken = queue.Take()!;
        await blocked.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(1, taken.Count);
        Assert.Equal(1, queue.Take()!.Count); // the sealed second batch
    }

    [Fact]
    public async Task Waiting_for_room_can_be_cancelled()
    {
        var queue = new BatchQueue(1024 * 1024 + 2);
        var origin = new DocumentOrigin(TestObjects.Progress(), 1, 0);
        using var lease = queue.Enter();
        var big = TestObjects.Add("big", 1024 * 1024);
        await queue.AddAsync(big, origin, Ct);
        await queue.AddAsync(big, origin, Ct);
        using var cancel = new CancellationTokenSource();

        var blocked = queue.AddAsync(big, origin, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked);
    }
}

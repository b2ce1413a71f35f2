using GapTools.S3ToRedshift.Batching;
using GapTools.S3ToRedshift.Routing;
using GapTools.S3ToRedshift.Sink;

namespace GapTools.S3ToRedshift.Tests.Batching;

public sealed class BatchAccumulatorTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly BatchKey Events = new(new QualifiedTableName(null, "events"), "JSON 'auto'", null);
    private static readonly BatchKey Clicks = new(new QualifiedTableName(null, "clicks"), null, null);

    private static BatchItem Item(BatchKey key, string name, long? size = 10, string etag = "e") =>
        new(key, new LoadLogEntry("b", name, "", etag, key.Table), size, null);

    [Fact]
    public void Closes_at_the_object_limit()
    {
        var batches = new BatchAccumulator(new BatchLimits(3, 1_000, TimeSpan.FromSeconds(60)));
        Assert.Empty(batches.Add(Item(Events, "1"), T0));
        Assert.Empty(batches.Add(Item(Events, "2"), T0));
        var closed = Assert.Single(batches.Add(Item(Events, "3"), T0));
        Assert.Equal(BatchFlushReason.Count, closed.Reason);
        Assert.Equal(["1", "2", "3"], closed.Items.Select(i => i.Entry.Key));
        Assert.Equal(0, batches.PendingObjects);
        Assert.Null(batches.NextDeadline);
    }

    [Fact]
    public void Closes_before_the_byte_limit_would_be_exceeded_and_at_it()
    {
        var batches = new BatchAccumulator(new BatchLimits(100, 100, TimeSpan.FromSeconds(60)));
        Assert.Empty(batches.Add(Item(Events, "1", 60), T0));
        var previous = Assert.Single(batches.Add(Item(Events, "2", 50), T0));
        Assert.Equal((BatchFlushReason.Bytes, 60L), (previous.Reason, previous.Bytes));
        var full = Assert.Single(batches.Add(Item(Events, "3", 50), T0));
        Assert.Equal(["2", "3"], full.Items.Select(i => i.Entry.Key));

        // One object larger than the limit still loads, alone.
        var alone = Assert.Single(batches.Add(Item(Events, "big", 500), T0));
        Assert.Single(alone.Items);
    }

    [Fact]
    public void Closes_when_the_first_object_has_waited_max_wait_per_table()
    {
        var batches = new BatchAccumulator(new BatchLimits(100, 1_000, TimeSpan.FromSeconds(60)));
        batches.Add(Item(Events, "1"), T0);
        batches.Add(Item(Clicks, "c1"), T0.AddSeconds(30));
        batches.Add(Item(Events, "2"), T0.AddSeconds(50));
        Assert.Equal(T0.AddSeconds(60), batches.NextDeadline);
        Assert.Empty(batches.TakeDue(T0.AddSeconds(59.999)));
        var due = Assert.Single(batches.TakeDue(T0.AddSeconds(60)));
        Assert.Equal((Events, 2, BatchFlushReason.Time), (due.Key, due.Items.Count, due.Reason));
        Assert.Equal(T0.AddSeconds(90), batches.NextDeadline);
        var rest = Assert.Single(batches.TakeAll());
        Assert.Equal((Clicks, BatchFlushReason.Drain), (rest.Key, rest.Reason));
    }

    [Fact]
    public void A_duplicate_delivery_joins_the_waiting_object_but_new_content_is_a_new_object()
    {
        var batches = new BatchAccumulator(new BatchLimits(3, 1_000, TimeSpan.FromSeconds(60)));
        batches.Add(Item(Events, "1"), T0);
        batches.Add(Item(Events, "1"), T0);
        batches.Add(Item(Events, "1", etag: "e2"), T0);
        Assert.Equal(2, batches.PendingObjects);
        Assert.Equal(2, Assert.Single(batches.TakeAll()).Items.Count);
    }

    [Fact]
    public void Unknown_sizes_count_as_zero_bytes()
    {
        var batches = new BatchAccumulator(new BatchLimits(10, 5, TimeSpan.FromSeconds(1)));
        for (var i = 0; i < 9; i++)
        {
            Assert.Empty(batches.Add(Item(Events, $"{i}", null), T0));
        }

        Assert.Equal(BatchFlushReason.Count, Assert.Single(batches.Add(Item(Events, "9", null), T0)).Reason);
    }
}

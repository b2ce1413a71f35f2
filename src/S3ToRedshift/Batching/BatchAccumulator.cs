namespace GapTools.S3ToRedshift.Batching;

/// <summary>
/// Groups objects per <see cref="BatchKey"/> and closes a group when it reaches the object or byte limit or its
/// first object has waited long enough. Pure: the caller passes the time; nothing here reads a clock or waits.
/// An object already waiting in an open batch (a duplicate delivery) is not added twice. Not thread-safe.
/// </summary>
public sealed class BatchAccumulator
{
    private readonly Dictionary<BatchKey, OpenBatch> _open = [];

    /// <summary>Creates an accumulator with <paramref name="limits"/>.</summary>
    public BatchAccumulator(BatchLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits.Validated();
    }

    /// <summary>The limits.</summary>
    public BatchLimits Limits { get; }

    /// <summary>Objects in open batches.</summary>
    public int PendingObjects => _open.Values.Sum(b => b.Items.Count);

    /// <summary>When the oldest open batch is due, or null when none is open.</summary>
    public DateTimeOffset? NextDeadline => _open.Count == 0 ? null : _open.Values.Min(b => b.OpenedAt) + Limits.MaxWait;

    /// <summary>
    /// Adds <paramref name="item"/> at <paramref name="now"/> and returns the batches this closed (none, the
    /// previous batch when the item would overflow its bytes, the batch the item completed, or both).
    /// </summary>
    public IReadOnlyList<PendingBatch> Add(BatchItem item, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        var closed = new List<PendingBatch>();
        var size = Math.Max(0, item.Size ?? 0);
        if (_open.TryGetValue(item.Key, out var batch))
        {
            if (batch.Entries.Contains(item.Entry))
            {
                return closed;
            }

            if (batch.Bytes + size > Limits.MaxBytes)
            {
                closed.Add(Close(batch, BatchFlushReason.Bytes));
                batch = null;
            }
        }

        if (batch is null)
        {
            batch = new OpenBatch(item.Key, now);
            _open[item.Key] = batch;
        }

        batch.Items.Add(item);
        batch.Entries.Add(item.Entry);
        batch.Bytes += size;
        if (batch.Items.Count >= Limits.MaxObjects)
        {
            closed.Add(Close(batch, BatchFlushReason.Count));
        }
        else if (batch.Bytes >= Limits.MaxBytes)
        {
            closed.Add(Close(batch, BatchFlushReason.Bytes));
        }

        return closed;
    }

    /// <summary>Closes and returns the batches whose first object has waited <see cref="BatchLimits.MaxWait"/> at <paramref name="now"/>.</summary>
    public IReadOnlyList<PendingBatch> TakeDue(DateTimeOffset now) =>
        [.. _open.Values.Where(b => b.OpenedAt + Limits.MaxWait <= now).OrderBy(b => b.OpenedAt).ToList()
            .Select(b => Close(b, BatchFlushReason.Time))];

    /// <summary>Closes and returns every open batch (drain or shutdown).</summary>
    public IReadOnlyList<PendingBatch> TakeAll() =>
        [.. _open.Values.OrderBy(b => b.OpenedAt).ToList().Select(b => Close(b, BatchFlushReason.Drain))];

    private PendingBatch Close(OpenBatch batch, BatchFlushReason reason)
    {
        _open.Remove(batch.Key);
        return new PendingBatch(batch.Key, batch.Items, batch.Bytes, batch.OpenedAt, reason);
    }

    private sealed class OpenBatch(BatchKey key, DateTimeOffset openedAt)
    {
        public BatchKey Key { get; } = key;

        public DateTimeOffset OpenedAt { get; } = openedAt;

        public List<BatchItem> Items { get; } = [];

        public HashSet<Sink.LoadLogEntry> Entries { get; } = [];

        public long Bytes { get; set; }
    }
}

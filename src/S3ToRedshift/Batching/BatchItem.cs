using GapTools.S3ToRedshift.Sink;

namespace GapTools.S3ToRedshift.Batching;

/// <summary>One object waiting to be loaded into one table.</summary>
/// <param name="Key">The batch it belongs to.</param>
/// <param name="Entry">Its load-log identity (bucket, key, version, ETag, table).</param>
/// <param name="Size">Size in bytes when known (unknown counts as 0 towards <see cref="BatchLimits.MaxBytes"/>).</param>
/// <param name="EventTime">When S3 recorded the event, for the lag metric; null for backfill.</param>
public sealed record BatchItem(BatchKey Key, LoadLogEntry Entry, long? Size, DateTimeOffset? EventTime);

/// <summary>Why a batch was closed.</summary>
public enum BatchFlushReason
{
    /// <summary>It reached <see cref="BatchLimits.MaxObjects"/>.</summary>
    Count,

    /// <summary>It reached (or the next object would exceed) <see cref="BatchLimits.MaxBytes"/>.</summary>
    Bytes,

    /// <summary>Its first object waited <see cref="BatchLimits.MaxWait"/>.</summary>
    Time,

    /// <summary>Flushed early: the queue is drained (batch mode) or the worker is stopping.</summary>
    Drain,
}

/// <summary>A closed batch, ready for one COPY.</summary>
/// <param name="Key">Table, parameters and region.</param>
/// <param name="Items">Distinct objects in arrival order.</param>
/// <param name="Bytes">Sum of the known sizes.</param>
/// <param name="OpenedAt">When its first object arrived.</param>
/// <param name="Reason">Why it was closed.</param>
public sealed record PendingBatch(BatchKey Key, IReadOnlyList<BatchItem> Items, long Bytes, DateTimeOffset OpenedAt, BatchFlushReason Reason);

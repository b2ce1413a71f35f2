using System.Collections.Concurrent;

namespace GapTools.LocalAws.CloudSearch;

/// <summary>The indexed documents of one search domain, as the document service left them.</summary>
public sealed class CloudSearchDomainState(string name)
{
    private long batches;
    private long rejectedBatches;
    private long largestBatchBytes;

    public string Name { get; } = name;

    /// <summary>
    /// Document id → its fields, after every accepted add/delete was applied in order. Fields are kept in full up to
    /// <see cref="CloudSearchDocumentDictionary.MaxStoredFieldBytes"/> (64 MiB by default), digests beyond.
    /// </summary>
    public CloudSearchDocumentDictionary Documents { get; } = new();

    public long AcceptedBatches => Interlocked.Read(ref batches);

    public long RejectedBatches => Interlocked.Read(ref rejectedBatches);

    public long LargestBatchBytes => Interlocked.Read(ref largestBatchBytes);

    /// <summary>Sizes (bytes) of every accepted batch, in arrival order, for fill-ratio checks.</summary>
    public ConcurrentQueue<int> BatchSizes { get; } = new();

    internal void Apply(ReadOnlySpan<byte> body, IReadOnlyList<SdfOperation> operations)
    {
        var batchBytes = body.Length;
        // The real service applies a batch as a whole or not at all; a lock keeps concurrent batches ordered.
        Documents.Apply(body, operations);
        Interlocked.Increment(ref batches);
        BatchSizes.Enqueue(batchBytes);
        long seen;
        while (batchBytes > (seen = Interlocked.Read(ref largestBatchBytes))
               && Interlocked.CompareExchange(ref largestBatchBytes, batchBytes, seen) != seen)
        {
        }
    }

    internal void CountRejected() => Interlocked.Increment(ref rejectedBatches);
}

using GapTools.S3ToCloudSearch.Conversion;

namespace GapTools.S3ToCloudSearch.Batching;

/// <summary>
/// Appends serialized SDF operations into one buffer as the JSON batch <c>[doc,doc,…]</c>, never letting the batch
/// grow past <see cref="MaxBatchBytes"/>: <see cref="TryAdd"/> refuses the document that would not fit, and the
/// caller uploads <see cref="ToBatch"/> and starts a new batch with it. Filling up to the limit this way gives the
/// fullest batches an in-order stream allows. Pure (no I/O); not thread-safe; reusable after <see cref="Clear"/>.
/// </summary>
public sealed class DocumentBatcher
{
    private const int InitialCapacity = 64 * 1024;

    private readonly List<(int Start, int Length)> documents = [];
    private byte[] buffer;
    private int written;

    /// <summary>Creates an empty batcher.</summary>
    /// <param name="maxBatchBytes">Largest batch in bytes, brackets and commas included. Defaults to CloudSearch's 5 MB (5,242,880).</param>
    public DocumentBatcher(int maxBatchBytes = SdfLimits.MaxBatchBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchBytes, 3);
        MaxBatchBytes = maxBatchBytes;
        buffer = new byte[Math.Min(InitialCapacity, maxBatchBytes)];
        buffer[0] = (byte)'[';
        written = 1;
    }

    /// <summary>Largest batch in bytes.</summary>
    public int MaxBatchBytes { get; }

    /// <summary>Documents in the batch.</summary>
    public int Count => documents.Count;

    /// <summary>Size in bytes of the batch <see cref="ToBatch"/> returns (0 when empty).</summary>
    public int Length => documents.Count == 0 ? 0 : written + 1;

    /// <summary>The size a batch holding documents of these sizes has: brackets, documents and commas.</summary>
    public static long SizeOf(int count, long documentBytes) => count == 0 ? 0 : 2 + documentBytes + (count - 1);

    /// <summary>
    /// Appends <paramref name="document"/> if the batch stays within <see cref="MaxBatchBytes"/>; returns false (and
    /// changes nothing) when it would not fit.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The batch is empty and the document alone is larger than <see cref="MaxBatchBytes"/> minus the two brackets,
    /// so it could never be uploaded in a batch this size.
    /// </exception>
    public bool TryAdd(ReadOnlySpan<byte> document)
    {
        var separator = documents.Count == 0 ? 0 : 1;
        var needed = (long)written + separator + document.Length + 1;
        if (needed > MaxBatchBytes)
        {
            return documents.Count == 0
                ? throw new ArgumentException($"A {document.Length}-byte document cannot fit in a {MaxBatchBytes}-byte batch.", nameof(document))
                : false;
        }

        EnsureCapacity((int)needed);
        if (separator == 1)
        {
            buffer[written++] = (byte)',';
        }

        document.CopyTo(buffer.AsSpan(written));
        documents.Add((written, document.Length));
        written += document.Length;
        return true;
    }

    /// <summary>The batch as uploaded, <c>[doc,doc,…]</c>; valid until the next change. Empty when there are no documents.</summary>
    public ReadOnlyMemory<byte> ToBatch()
    {
        if (documents.Count == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        buffer[written] = (byte)']';
        return buffer.AsMemory(0, written + 1);
    }

    /// <summary>The serialized document at <paramref name="index"/> (in the order added).</summary>
    public ReadOnlyMemory<byte> Document(int index)
    {
        var (start, length) = documents[index];
        return buffer.AsMemory(start, length);
    }

    /// <summary>Empties the batch, keeping its buffer for reuse.</summary>
    public void Clear()
    {
        documents.Clear();
        written = 1;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= buffer.Length)
        {
            return;
        }

        var size = (int)Math.Min(MaxBatchBytes, Math.Max(needed, (long)buffer.Length * 2));
        Array.Resize(ref buffer, size);
    }
}

namespace GapTools.S3ToCloudSearch.Batching;

/// <summary>A batch being filled or uploaded: the documents plus, in the same order, where each came from.</summary>
internal sealed class OutgoingBatch(int maxBatchBytes)
{
    private readonly List<DocumentOrigin> origins = [];

    public DocumentBatcher Documents { get; } = new(maxBatchBytes);

    public IReadOnlyList<DocumentOrigin> Origins => origins;

    public int Count => origins.Count;

    public bool TryAdd(ReadOnlySpan<byte> document, DocumentOrigin origin)
    {
        if (!Documents.TryAdd(document))
        {
            return false;
        }

        origins.Add(origin);
        return true;
    }

    /// <summary>A new batch with the documents at <paramref name="indexes"/> (in that order).</summary>
    public OutgoingBatch Subset(IEnumerable<int> indexes)
    {
        var subset = new OutgoingBatch(Documents.MaxBatchBytes);
        foreach (var index in indexes)
        {
            subset.TryAdd(Documents.Document(index).Span, origins[index]);
        }

        return subset;
    }

    public void Clear()
    {
        Documents.Clear();
        origins.Clear();
    }
}

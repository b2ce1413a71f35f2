namespace GapTools.S3ToRedshift.Sink;

/// <summary>What happened to one object of a batch.</summary>
public enum ObjectLoadStatus
{
    /// <summary>Committed by this batch.</summary>
    Loaded,

    /// <summary>Already in the load log (a duplicate delivery or another worker's load): nothing to do.</summary>
    AlreadyLoaded,

    /// <summary>Not loaded; the message should come back later (transient failure after retries).</summary>
    Retry,

    /// <summary>Not loaded and repeating will not help (bad data, permission, missing table).</summary>
    Failed,
}

/// <summary>The result for one object.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Reason">For failures: why, without secrets.</param>
public sealed record ObjectLoadResult(ObjectLoadStatus Status, string? Reason = null)
{
    /// <summary>Loaded now or before.</summary>
    public bool IsDone => Status is ObjectLoadStatus.Loaded or ObjectLoadStatus.AlreadyLoaded;

    internal static readonly ObjectLoadResult Loaded = new(ObjectLoadStatus.Loaded);
    internal static readonly ObjectLoadResult AlreadyLoaded = new(ObjectLoadStatus.AlreadyLoaded);
}

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

    /// <summary>
    /// Not loaded because the key holds other content now (overwritten since the event): the event of the current
    /// content loads that; this one is done.
    /// </summary>
    Superseded,
}

/// <summary>The result for one object.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Reason">For failures: why, without secrets.</param>
/// <param name="RetryDelay">
/// For <see cref="ObjectLoadStatus.Retry"/>: how long the message should stay away. Zero releases it at once (the
/// worker is stopping, a concurrent load); null means the tool's <c>FailedMessageDelay</c>; an outage of the sink
/// gives a delay that grows with the outage. A sink failure never releases a message at once.
/// </param>
public sealed record ObjectLoadResult(ObjectLoadStatus Status, string? Reason = null, TimeSpan? RetryDelay = null)
{
    /// <summary>Loaded now or before.</summary>
    public bool IsDone => Status is ObjectLoadStatus.Loaded or ObjectLoadStatus.AlreadyLoaded or ObjectLoadStatus.Superseded;

    internal static readonly ObjectLoadResult Loaded = new(ObjectLoadStatus.Loaded);
    internal static readonly ObjectLoadResult AlreadyLoaded = new(ObjectLoadStatus.AlreadyLoaded);
    internal static readonly ObjectLoadResult Superseded = new(ObjectLoadStatus.Superseded, "the key holds newer content");
}

namespace GapTools.S3ToRedshift.Batching;

/// <summary>When a batch closes: whichever limit is reached first.</summary>
/// <param name="MaxObjects">Objects per COPY.</param>
/// <param name="MaxBytes">Bytes per COPY (sum of the sizes the events state); one larger object still loads alone.</param>
/// <param name="MaxWait">How long the first object of a batch may wait.</param>
public sealed record BatchLimits(int MaxObjects, long MaxBytes, TimeSpan MaxWait)
{
    /// <summary>Checks the limits are positive.</summary>
    public BatchLimits Validated()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxObjects, 1, nameof(MaxObjects));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytes, 1, nameof(MaxBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWait, TimeSpan.Zero, nameof(MaxWait));
        return this;
    }
}

namespace GapTools.LocalAws.Tests.S3;

/// <summary>A clock that moves only when told to.</summary>
public sealed class S3ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}

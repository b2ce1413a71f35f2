namespace GapTools.LocalAws.Tests.Signing.Fakes;

/// <summary>A clock that reads one pinned instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

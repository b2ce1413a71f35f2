namespace GapTools.Core.S3Events;

// "Object" is S3's own noun (s3.object in the event JSON), not a reference to System.Object.
#pragma warning disable CA1720

/// <summary>A well-formed event that is deliberately not loaded (test events, removals, restores, ...).</summary>
/// <param name="EventName">The event name as received (for example <c>ObjectRemoved:Delete</c> or <c>s3:TestEvent</c>).</param>
/// <param name="Reason">Why it is not loaded.</param>
/// <param name="Object">The object the event names, when it could be read.</param>
public sealed record S3EventIgnored(string EventName, string Reason, S3ObjectRef? Object)
{
    /// <summary>Reads as a log line: <c>ObjectRemoved:Delete s3://bucket/key (removals are not loaded)</c>.</summary>
    public override string ToString() => Object is null ? $"{EventName} ({Reason})" : $"{EventName} {Object} ({Reason})";
}

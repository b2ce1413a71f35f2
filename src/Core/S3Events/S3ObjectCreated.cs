namespace GapTools.Core.S3Events;

// "Object" is S3's own noun (s3.object in the event JSON), not a reference to System.Object.
#pragma warning disable CA1720

/// <summary>An object was created (put, copied, multipart-completed) and should be loaded.</summary>
/// <param name="Object">The object that was created.</param>
/// <param name="EventName">
/// S3 notification event name (for example <c>ObjectCreated:Put</c>), or for EventBridge the detail type plus
/// the reason (for example <c>Object Created:PutObject</c>).
/// </param>
/// <param name="EventTime">When S3 recorded the event.</param>
/// <param name="Source">The envelope the event arrived in.</param>
/// <param name="Region">The bucket's region as stated by the event, when present.</param>
public sealed record S3ObjectCreated(
    S3ObjectRef Object,
    string EventName,
    DateTimeOffset EventTime,
    S3EventSource Source,
    string? Region);

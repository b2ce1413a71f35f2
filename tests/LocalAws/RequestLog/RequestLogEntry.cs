namespace GapTools.LocalAws.RequestLog;

/// <summary>One request the endpoint answered (or refused).</summary>
public sealed record RequestLogEntry(
    DateTimeOffset Timestamp,
    string Service,
    string Operation,
    int StatusCode,
    string? ErrorCode,
    string? AccessKeyId,
    string? Fault,
    TimeSpan Duration);

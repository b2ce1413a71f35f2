using System.Net;

namespace GapTools.LocalAws.Faults;

/// <summary>What an injected fault does to a matching request.</summary>
public enum FaultKind
{
    /// <summary>Answer with an AWS error (status and code given).</summary>
    Error,

    /// <summary>Abort the TCP connection without an answer.</summary>
    ConnectionReset,

    /// <summary>Only add latency, then serve the request normally.</summary>
    LatencyOnly,
}

/// <summary>
/// A fault for one service (and optionally one operation). Like Simmy's chaos options it has a rate, an enabled
/// switch and a count; the injector's randomizer decides each roll so tests can pin it.
/// </summary>
public sealed record FaultRule
{
    public required string Service { get; init; }

    /// <summary>Null matches every operation of the service.</summary>
    public string? Operation { get; init; }

    public FaultKind Kind { get; init; } = FaultKind.Error;

    /// <summary>Fraction of matching calls affected (0..1). Defaults to every call.</summary>
    public double Rate { get; init; } = 1.0;

    /// <summary>Affect only this many calls, then stop (null = unlimited).</summary>
    public int? Count { get; init; }

    public bool Enabled { get; init; } = true;

    public HttpStatusCode Status { get; init; } = HttpStatusCode.BadRequest;

    public string ErrorCode { get; init; } = "ThrottlingException";

    public string ErrorMessage { get; init; } = "Rate exceeded";

    /// <summary>Added before the fault (or before the normal answer for <see cref="FaultKind.LatencyOnly"/>).</summary>
    public TimeSpan Latency { get; init; }

    public override string ToString() =>
        $"{Service}:{Operation ?? "*"} {Kind}{(Kind == FaultKind.Error ? $" {(int)Status} {ErrorCode}" : "")} rate={Rate:0.##}" +
        $"{(Count is { } c ? $" count={c}" : "")}{(Latency > TimeSpan.Zero ? $" latency={Latency.TotalMilliseconds:0}ms" : "")}";

    /// <summary>AWS JSON/query throttling (HTTP 400 <c>ThrottlingException</c>, the shape SSM uses).</summary>
    public static FaultRule Throttling(string service, string? operation = null, double rate = 1.0, int? count = null) =>
        new() { Service = service, Operation = operation, Rate = rate, Count = count };

    public static FaultRule HttpError(string service, string? operation, HttpStatusCode status, string code, double rate = 1.0, int? count = null) =>
        new() { Service = service, Operation = operation, Status = status, ErrorCode = code, ErrorMessage = $"Injected {code}", Rate = rate, Count = count };

    /// <summary>S3's <c>503 SlowDown</c>.</summary>
    public static FaultRule SlowDown(string service, string? operation = null, double rate = 1.0, int? count = null) =>
        HttpError(service, operation, HttpStatusCode.ServiceUnavailable, "SlowDown", rate, count) with { ErrorMessage = "Please reduce your request rate." };

    public static FaultRule Reset(string service, string? operation = null, double rate = 1.0, int? count = null) =>
        new() { Service = service, Operation = operation, Kind = FaultKind.ConnectionReset, Rate = rate, Count = count };

    public static FaultRule Slow(string service, string? operation, TimeSpan latency, double rate = 1.0, int? count = null) =>
        new() { Service = service, Operation = operation, Kind = FaultKind.LatencyOnly, Latency = latency, Rate = rate, Count = count };
}

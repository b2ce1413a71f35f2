using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GapTools.S3ToRedshift;

/// <summary>
/// Instruments of the <c>GapTools.S3ToRedshift</c> meter: objects, batches, COPY statements, retries, failures and
/// lag (now − S3 event time), all tagged with the target table where it applies.
/// </summary>
public sealed class S3ToRedshiftMetrics : IDisposable
{
    /// <summary>The meter name, also the name of the activity source (a span per batch load).</summary>
    public const string MeterName = "GapTools.S3ToRedshift";

    /// <summary>Spans: one <c>COPY schema.table</c> per batch load, with its object count, bytes and outcome.</summary>
    internal static readonly ActivitySource Activities = new(MeterName);

    private readonly Meter _meter;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/> (or a private meter when null).</summary>
    public S3ToRedshiftMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Objects = _meter.CreateCounter<long>("gaptools.s3toredshift.objects", "{object}", "Objects by outcome: loaded, already_loaded, failed, discarded, unmatched, retry.");
        Batches = _meter.CreateCounter<long>("gaptools.s3toredshift.batches", "{batch}", "Batches closed, by reason (count, bytes, time, drain).");
        CopyStatements = _meter.CreateCounter<long>("gaptools.s3toredshift.copy_statements", "{statement}", "COPY transactions attempted.");
        Retries = _meter.CreateCounter<long>("gaptools.s3toredshift.retries", "{retry}", "Retried load attempts.");
        Failures = _meter.CreateCounter<long>("gaptools.s3toredshift.failures", "{failure}", "Failed batches or parts, by kind (transient, bad_data, permanent).");
        Lag = _meter.CreateHistogram<double>("gaptools.s3toredshift.lag", "s", "Seconds from the S3 event to the commit of its object.");
    }

    /// <summary>The meter (tests listen to this instance only).</summary>
    internal Meter Meter => _meter;

    /// <summary>Objects by outcome (tag <c>outcome</c>).</summary>
    public Counter<long> Objects { get; }

    /// <summary>Batches closed (tag <c>reason</c>).</summary>
    public Counter<long> Batches { get; }

    /// <summary>COPY transactions attempted.</summary>
    public Counter<long> CopyStatements { get; }

    /// <summary>Retries of the load transaction.</summary>
    public Counter<long> Retries { get; }

    /// <summary>Failures (tag <c>kind</c>).</summary>
    public Counter<long> Failures { get; }

    /// <summary>Event-to-commit lag in seconds.</summary>
    public Histogram<double> Lag { get; }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}

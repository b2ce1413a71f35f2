namespace GapTools.Workers.Outage;

/// <summary>
/// How a worker rides out an outage of its sink (Redshift, CloudSearch): section <c>&lt;Tool&gt;:SinkOutage</c>. While
/// the sink fails transiently past its retry budget, the worker stops receiving, keeps the messages it holds invisible
/// (the consumer's heartbeat) for up to <see cref="MaxHold"/>, probes the sink with jittered backoff and resumes when
/// it answers. A message released because of an outage comes back after a delay that grows with the outage, so
/// receive counts stay for poison messages.
/// </summary>
// Settable (not init) so the compile-time configuration binder can fill them.
public sealed record SinkOutageOptions
{
    /// <summary>How long a message waits in flight for the sink before it is released (with a delay). Defaults to 15 minutes.</summary>
    public TimeSpan MaxHold { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>First wait between probes of a sink that is down (doubling, full jitter). Defaults to 1 s.</summary>
    public TimeSpan ProbeDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between probes. Defaults to 30 s.</summary>
    public TimeSpan MaxProbeDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Least delay of a message released because of an outage. Defaults to 30 s.</summary>
    public TimeSpan MinReleaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest delay of a message released because of an outage (it grows with the outage). Defaults to 15 minutes.</summary>
    public TimeSpan MaxReleaseDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Every problem, each naming its key under <paramref name="section"/> (for example <c>S3ToRedshift:SinkOutage</c>).</summary>
    public IEnumerable<string> Problems(string section)
    {
        if (MaxHold < TimeSpan.Zero || MaxHold > TimeSpan.FromHours(12))
        {
            yield return $"{section}:MaxHold must be between 0 and 12:00:00 (SQS's visibility limit).";
        }

        if (ProbeDelay <= TimeSpan.Zero || MaxProbeDelay < ProbeDelay)
        {
            yield return $"{section}:ProbeDelay must be more than 0 and at most MaxProbeDelay.";
        }

        if (MinReleaseDelay < TimeSpan.Zero || MaxReleaseDelay < MinReleaseDelay || MaxReleaseDelay > TimeSpan.FromHours(12))
        {
            yield return $"{section}:MinReleaseDelay and MaxReleaseDelay must satisfy 0 <= MinReleaseDelay <= MaxReleaseDelay <= 12:00:00.";
        }
    }
}

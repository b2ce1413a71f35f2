namespace GapTools.Workers.Outage;

/// <summary>
/// The sink stayed unavailable for <see cref="SinkOutageOptions.MaxHold"/>: release the work with
/// <see cref="ReleaseDelay"/> (it grows with the outage), never at once.
/// </summary>
public sealed class SinkUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SinkUnavailableException(string sink, TimeSpan outage, TimeSpan releaseDelay, Exception? lastError)
        : base($"{sink} has been unavailable for {outage:hh\\:mm\\:ss}: {lastError?.Message ?? "circuit open"}", lastError)
    {
        Sink = sink;
        Outage = outage;
        ReleaseDelay = releaseDelay;
    }

    /// <summary>The sink's name (<c>Redshift</c>, <c>CloudSearch</c>).</summary>
    public string Sink { get; }

    /// <summary>How long the sink has been failing.</summary>
    public TimeSpan Outage { get; }

    /// <summary>How long the released message should stay invisible.</summary>
    public TimeSpan ReleaseDelay { get; }
}

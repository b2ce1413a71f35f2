using GapTools.Core.Resilience;
using GapTools.Workers;
using GapTools.Workers.Outage;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Options;

namespace GapTools.S3ToRedshift.Configuration;

/// <summary>
/// Everything the tool reads from configuration (section <c>S3ToRedshift</c>, the queue included; AWS access is the
/// standard <c>AWS</c> section, overridable in <c>S3ToRedshift:AWS</c>). Checked at start: DataAnnotations
/// plus <see cref="S3ToRedshiftOptionsRules"/>; every problem is reported at once, naming its key.
/// </summary>
public sealed record S3ToRedshiftOptions
{
    /// <summary>Retry of the COPY transaction (and the load-log reads) on transient errors. Defaults to Core's <see cref="RetryDefaults"/>.</summary>
    [ValidateObjectMembers]
    public RetryOptions Retry { get; set; } = new();

    /// <summary>
    /// The queue of S3 events and how it is consumed. Unless set, 2,000 messages are kept in flight with 4 long polls
    /// so batches can fill (<see cref="S3ToRedshiftDefaults.MaxInFlight"/>).
    /// </summary>
    [ValidateObjectMembers]
    public SqsSourceOptions Sqs { get; set; } = new()
    {
        Consumer = new SqsConsumerOptions { MaxInFlight = S3ToRedshiftDefaults.MaxInFlight, ReceiveConcurrency = S3ToRedshiftDefaults.ReceiveConcurrency },
    };

    /// <summary>Database connection.</summary>
    [ValidateObjectMembers]
    public RedshiftOptions Redshift { get; set; } = new();

    /// <summary>COPY authorization and default parameters.</summary>
    public CopyOptions Copy { get; set; } = new();

    /// <summary>How an outage of Redshift is ridden out: messages held, receiving paused, probes with backoff (section <c>S3ToRedshift:SinkOutage</c>).</summary>
    public SinkOutageOptions SinkOutage { get; set; } = new();

    /// <summary>Routing targets in evaluation order.</summary>
    public IList<TargetOptions> Targets { get; set; } = [];

    /// <summary>Batch limits.</summary>
    [ValidateObjectMembers]
    public BatchOptions Batch { get; set; } = new();

    /// <summary>Manifest location.</summary>
    public ManifestOptions Manifest { get; set; } = new();

    /// <summary>Load-log table.</summary>
    public LoadLogOptions LoadLog { get; set; } = new();

    /// <summary>Events no target matches. Defaults to <see cref="UnmatchedEventPolicy.DeadLetter"/>.</summary>
    public UnmatchedEventPolicy UnmatchedEvents { get; set; } = UnmatchedEventPolicy.DeadLetter;

    /// <summary>How long a message whose load failed permanently stays invisible before it is redelivered (and, after maxReceiveCount, dead-lettered). Defaults to 60 s.</summary>
    public TimeSpan FailedMessageDelay { get; set; } = S3ToRedshiftDefaults.FailedMessageDelay;
}

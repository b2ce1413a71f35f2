using GapTools.Core;

namespace GapTools.Cli;

/// <summary>How a worker was asked to run: the flags every GapTools worker shares.</summary>
public sealed record WorkerInvocation
{
    /// <summary>Extra configuration file (JSON; tools may accept more formats).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Drain the queue, then exit (like Rin's batch mode).</summary>
    public bool Batch { get; init; }

    /// <summary>Stop receiving after this long, finish in-flight work, exit.</summary>
    public TimeSpan? MaxExecutionTime { get; init; }

    /// <summary>Print the configuration (secrets masked) and what would happen, then exit 0.</summary>
    public bool DryRun { get; init; }

    /// <summary>Replay the events in this file instead of reading SQS.</summary>
    public string? EventFile { get; init; }

    /// <summary>Process the objects already under this location instead of reading SQS.</summary>
    public S3Uri? Backfill { get; init; }

    public WorkerLogFormat LogFormat { get; init; } = WorkerLogFormat.Text;

    /// <summary><c>--log-level</c>: the default level (<c>Logging:LogLevel:Default</c>) as a level name, or null to leave it to configuration.</summary>
    public string? LogLevel { get; init; }

    /// <summary>The input the run reads from.</summary>
    public WorkerSource Source => Backfill is not null ? WorkerSource.Backfill : EventFile is not null ? WorkerSource.EventFile : WorkerSource.Sqs;
}

/// <summary>Where a worker's work comes from.</summary>
public enum WorkerSource
{
    Sqs,
    EventFile,
    Backfill,
}

/// <summary>Console log format.</summary>
public enum WorkerLogFormat
{
    Text,
    Json,
}

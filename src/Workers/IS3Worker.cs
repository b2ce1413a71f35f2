using GapTools.Workers.Sqs;

namespace GapTools.Workers;

/// <summary>
/// What the adapters (the hosted service, the command line, <see cref="Lambda.LambdaS3Function"/>) call on a GapTools S3-event worker.
/// The worker owns its SQS consumer; nothing here calls back into an adapter.
/// </summary>
public interface IS3Worker : IAsyncDisposable
{
    /// <summary>The tool's name, for logs (<c>S3ToRedshift</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Ready while <see cref="RunAsync"/> consumes its queue and the sink takes work; not ready before the queue is
    /// open, while the sink's circuit is open (an outage) or, for Redshift, while the cluster is in maintenance.
    /// </summary>
    WorkerReadiness Readiness { get; }

    /// <summary>Consumes the configured queue until <paramref name="cancellationToken"/> stops it (or it drains, in drain mode).</summary>
    Task<SqsConsumerSummary> RunAsync(CancellationToken cancellationToken);

    /// <summary>Processes one unit of work and says what should happen to the message that named it.</summary>
    Task<MessageDisposition> ProcessAsync(S3WorkUnit work, CancellationToken cancellationToken);

    /// <summary>
    /// The caller has handed over all the work it has (a Lambda invocation's records): close every open batch now
    /// instead of waiting for it to fill. Work handed over later starts new batches.
    /// </summary>
    void FlushPending();

    /// <summary>Stopping: close open batches now so in-flight work finishes within the stop grace.</summary>
    void BeginStop();

    /// <summary><c>--dry-run</c>: the configuration (secrets masked) and, for an event file, what each event would do.</summary>
    Task WriteDryRunAsync(TextWriter output, string? eventFile, CancellationToken cancellationToken);
}

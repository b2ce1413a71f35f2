using GapTools.Core.Sqs;
using GapTools.Core.Workers;
using GapTools.S3ToRedshift.Acknowledgement;
using GapTools.S3ToRedshift.Batching;
using GapTools.S3ToRedshift.Hosting;

namespace GapTools.S3ToRedshift.Source;

/// <summary>
/// The tool's <see cref="IS3ObjectsHandler"/>: Core's worker plumbing parsed the SQS message (or event-file entry,
/// or backfill page) and ignored removals and test events; this routes, batches and loads the created objects
/// and answers with the message's disposition once all of them are settled.
/// </summary>
internal sealed class RedshiftObjectsHandler(LoadEngine engine) : IS3ObjectsHandler
{
    public async Task<MessageDisposition> HandleAsync(S3ObjectsWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var objects = work.Objects
            .Select(c => new ObjectEvent(c.Object.Bucket, c.Object.Key, c.Object.Size, c.Object.ETag, c.Object.VersionId, c.EventTime))
            .ToList();
        var verdict = engine.Processor.ProcessAsync(work.Origin, objects, [], cancellationToken);
        if (work.Message is null)
        {
            // Event files and backfills hand over one unit at a time and wait for it: load it now, not after MaxWait.
            engine.Batcher.FlushAll();
        }

        return VerdictMapping.ToDisposition(await verdict.ConfigureAwait(false));
    }
}

/// <summary>In batch mode an empty receive means the queue is drained: close every open batch now instead of waiting MaxWait.</summary>
internal sealed class RedshiftIdleFlush(LoadEngine engine, WorkerInvocation invocation) : IQueueIdleObserver
{
    public ValueTask OnQueueIdleAsync(CancellationToken cancellationToken)
    {
        if (invocation.Batch)
        {
            engine.Batcher.FlushAll();
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Receiving pauses while the cluster is in maintenance (messages stay in the queue).</summary>
internal sealed class RedshiftReceiveGate(Sink.RedshiftEdge edge) : IReceiveGate
{
    public ValueTask WaitUntilOpenAsync(CancellationToken cancellationToken) =>
        edge.Cluster?.WaitUntilOpenAsync(cancellationToken) ?? ValueTask.CompletedTask;
}

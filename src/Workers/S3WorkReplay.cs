using Amazon.S3;
using Amazon.S3.Model;
using GapTools.Core;
using GapTools.Core.S3Events;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging;

namespace GapTools.Workers;

/// <summary>
/// Runs a worker without SQS: replaying an event file or backfilling the objects already under an S3 prefix.
/// Nothing is acknowledged; a unit the worker would not delete is a failure, reported by name, and fails the run.
/// </summary>
public static partial class S3WorkReplay
{
    /// <summary>Objects handed to the worker at once during a backfill (one ListObjectsV2 page at most).</summary>
    public const int DefaultBackfillPageSize = 100;

    /// <summary>Replays the events of <paramref name="path"/> (one JSON event document or JSON lines of events).</summary>
    public static async Task<WorkRunSummary> RunEventFileAsync(IS3Worker worker, string path, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var summary = new WorkRunSummary();
        foreach (var entry in EventFile.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)))
        {
            var where = $"{path}:{entry.LineNumber}";
            foreach (var rejection in entry.Events.Rejected)
            {
                summary.Fail($"{where}: {rejection.Reason}");
            }

            foreach (var ignored in entry.Events.Ignored)
            {
                LogIgnored(logger, where, ignored);
            }

            if (entry.Events.Created.Count > 0)
            {
                await RunAsync(worker, new S3WorkUnit(entry.Events.Created, where), summary, cancellationToken).ConfigureAwait(false);
            }
        }

        return summary;
    }

    /// <summary>Processes every object under <paramref name="location"/>, one listing page per unit.</summary>
    public static async Task<WorkRunSummary> RunBackfillAsync(IS3Worker worker, IAmazonS3 s3, S3Uri location, CancellationToken cancellationToken, int pageSize = DefaultBackfillPageSize)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(location);
        var summary = new WorkRunSummary();
        var request = new ListObjectsV2Request { BucketName = location.Bucket, Prefix = location.Prefix, MaxKeys = pageSize };
        do
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            var objects = (page.S3Objects ?? []).Select(o => Backfilled(location.Bucket, o)).ToList();
            if (objects.Count > 0)
            {
                await RunAsync(worker, new S3WorkUnit(objects, $"{location} ({objects[0].Object.Key} …)"), summary, cancellationToken).ConfigureAwait(false);
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (request.ContinuationToken is not null);

        return summary;
    }

    private static async Task RunAsync(IS3Worker worker, S3WorkUnit work, WorkRunSummary summary, CancellationToken cancellationToken)
    {
        var disposition = await worker.ProcessAsync(work, cancellationToken).ConfigureAwait(false);
        summary.Count(work.Objects.Count);
        if (disposition.Kind != MessageDispositionKind.Delete)
        {
            summary.Fail($"{work.Origin}: {disposition.Kind}{(disposition.Reason is null ? "" : $": {disposition.Reason}")}");
        }
    }

    // A listed object looks like a Put event; ETag arrives quoted from ListObjectsV2 and is stored bare.
    private static S3ObjectCreated Backfilled(string bucket, S3Object listed) => new(
        new S3ObjectRef(bucket, listed.Key, listed.Size, listed.ETag?.Trim('"'), VersionId: null, Sequencer: null),
        "Backfill",
        listed.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : DateTimeOffset.UnixEpoch,
        S3EventSource.Backfill,
        Region: null);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Where}: ignored {Event}")]
    private static partial void LogIgnored(ILogger logger, string where, S3EventIgnored @event);
}

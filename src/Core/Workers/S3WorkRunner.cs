using Amazon.S3;
using Amazon.S3.Model;
using GapTools.Core.S3Events;
using GapTools.Core.Sqs;
using Microsoft.Extensions.Logging;

namespace GapTools.Core.Workers;

/// <summary>
/// Drives a tool's <see cref="IS3ObjectsHandler"/> without SQS: replaying an event file or backfilling the
/// objects already under an S3 prefix. Nothing is acknowledged; a unit that the handler would not delete is a
/// failure, reported by name, and makes the run fail.
/// </summary>
public sealed partial class S3WorkRunner(IS3ObjectsHandler handler, ILogger<S3WorkRunner> logger)
{
    /// <summary>Objects handed to the handler at once during a backfill (one ListObjectsV2 page at most).</summary>
    public const int DefaultBackfillPageSize = 100;

    public async Task<WorkRunSummary> RunEventFileAsync(string path, CancellationToken cancellationToken)
    {
        var summary = new WorkRunSummary();
        foreach (var entry in EventFile.Parse(await File.ReadAllTextAsync(path, cancellationToken)))
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
                await RunAsync(new S3ObjectsWork(entry.Events.Created, null), where, summary, cancellationToken);
            }
        }

        return summary;
    }

    public async Task<WorkRunSummary> RunBackfillAsync(IAmazonS3 s3, S3Uri location, CancellationToken cancellationToken, int pageSize = DefaultBackfillPageSize)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(location);
        var summary = new WorkRunSummary();
        var request = new ListObjectsV2Request { BucketName = location.Bucket, Prefix = location.Prefix, MaxKeys = pageSize };
        do
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken);
            var objects = (page.S3Objects ?? []).Select(o => Backfilled(location.Bucket, o)).ToList();
            if (objects.Count > 0)
            {
                await RunAsync(new S3ObjectsWork(objects, null), $"{location} ({objects[0].Object.Key} …)", summary, cancellationToken);
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (request.ContinuationToken is not null);

        return summary;
    }

    private async Task RunAsync(S3ObjectsWork work, string where, WorkRunSummary summary, CancellationToken cancellationToken)
    {
        var disposition = await handler.HandleAsync(work, cancellationToken);
        summary.Count(work.Objects.Count);
        if (disposition.Kind != MessageDispositionKind.Delete)
        {
            summary.Fail($"{where}: {disposition.Kind}{(disposition.Reason is null ? "" : $": {disposition.Reason}")}");
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

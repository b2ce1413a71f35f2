using GapTools.Core;
using GapTools.Core.Logging;
using System.Diagnostics;
using GapTools.S3ToRedshift.Batching;
using GapTools.Workers.Outage;
using Microsoft.Extensions.Logging;
using Polly;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// Loads one closed batch exactly once. Per part: read which objects the load log already has (skip them),
/// write a manifest of the rest, then run LOCK; guard; COPY; INSERT log rows; COMMIT as one transaction, retried
/// (only this transaction) on transient errors. A guard conflict (another worker committed meanwhile) re-plans
/// the part. Rejected rows are isolated: the files named in <c>sys_load_error_detail</c> fail, the rest load again
/// (halving the part when no file is named), so one bad object does not keep good ones from loading.
/// </summary>
internal sealed partial class BatchLoader
{
    private const int MaxConflicts = 5;

    // HeadObject calls in flight while checking a batch's objects (the S3 client pools connections).
    private const int HeadConcurrency = 16;

    // Every line of a batch's load names its table, and of one COPY its batch id (the load log's batch_id column).
    private static readonly Func<ILogger, string, IDisposable?> TableScope = LoggerMessage.DefineScope<string>("table {Table}");
    private static readonly Func<ILogger, string, IDisposable?> BatchScope = LoggerMessage.DefineScope<string>("batch {BatchId}");

    private readonly IRedshiftCopier _copier;
    private readonly IManifestStore _manifests;
    private readonly ICopyCredentialsSource _credentials;
    private readonly IClusterAvailability _cluster;
    private readonly ResiliencePipeline _retry;
    private readonly LoadSettings _settings;
    private readonly LoadLogSql _sql;
    private readonly TimeProvider _time;
    private readonly Func<string> _newBatchId;
    private readonly S3ToRedshiftMetrics _metrics;
    private readonly ILogger _logger;
    private readonly SinkOutage? _outage;
    private bool _loadLogReady;

    public BatchLoader(
        IRedshiftCopier copier,
        IManifestStore manifests,
        ICopyCredentialsSource credentials,
        IClusterAvailability cluster,
        ResiliencePipeline retry,
        LoadSettings settings,
        TimeProvider time,
        Func<string> newBatchId,
        S3ToRedshiftMetrics metrics,
        ILogger<BatchLoader> logger,
        SinkOutage? outage = null)
    {
        _outage = outage;
        _copier = copier;
        _manifests = manifests;
        _credentials = credentials;
        _cluster = cluster;
        _retry = retry;
        _settings = settings;
        _sql = new LoadLogSql(settings.LoadLog, settings.MaxStatementLength);
        _time = time;
        _newBatchId = newBatchId;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Loads <paramref name="batch"/>; never throws for load failures: each object gets a result.</summary>
    public async Task<IReadOnlyDictionary<LoadLogEntry, ObjectLoadResult>> LoadAsync(PendingBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var results = new Dictionary<LoadLogEntry, ObjectLoadResult>();
        var items = batch.Items.DistinctBy(i => i.Entry).ToDictionary(i => i.Entry);
        using var activity = S3ToRedshiftMetrics.Activities.StartActivity($"COPY {batch.Key.Table}", ActivityKind.Client);
        activity?.SetTag("db.system.name", "redshift");
        activity?.SetTag("db.collection.name", batch.Key.Table.ToString());
        activity?.SetTag("gaptools.objects", items.Count);
        activity?.SetTag("gaptools.bytes", items.Values.Sum(i => i.Size ?? 0));
        activity?.SetTag("gaptools.batch.reason", batch.Reason.ToString().ToLowerInvariant());
        using var scope = TableScope(_logger, batch.Key.Table.ToString());
        var work = new Queue<IReadOnlyList<LoadLogEntry>>();
        work.Enqueue([.. items.Keys]);
        _metrics.Batches.Add(1, new KeyValuePair<string, object?>("reason", batch.Reason.ToString().ToLowerInvariant()));
        while (work.TryDequeue(out var part))
        {
            try
            {
                await LoadPartAsync(batch.Key, part, items, results, work, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: nothing of this part committed (the transaction dies with the connection); release it.
                Mark(results, part, new ObjectLoadResult(ObjectLoadStatus.Retry, "the worker is stopping", TimeSpan.Zero));
            }
            catch (SinkUnavailableException e)
            {
                // Redshift stayed down for the whole hold: the messages come back after a delay that grows with the outage.
                LogPartFailed(_logger, batch.Key, Objects(part.Count), LoadFailureKind.Transient, e.Message);
                _metrics.Failures.Add(1, new KeyValuePair<string, object?>("kind", "transient"));
                Mark(results, part, new ObjectLoadResult(ObjectLoadStatus.Retry, e.Message, e.ReleaseDelay));
            }
            catch (RedshiftLoadException e) when (e.Kind != LoadFailureKind.Transient)
            {
                // The load log cannot be created or read (no CREATE on its schema, no SELECT): retrying cannot help.
                // FailedMessageDelay paces the redeliveries; the redrive policy moves the message to the DLQ.
                var reason = $"the load log {_settings.LoadLog.ToSql()} cannot be created or read: {e.Message}";
                LogPartFailed(_logger, batch.Key, Objects(part.Count), e.Kind, reason);
                _metrics.Failures.Add(1, new KeyValuePair<string, object?>("kind", "permanent"));
                Mark(results, part, new ObjectLoadResult(ObjectLoadStatus.Failed, reason));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Manifest upload or load-log read failed after its own retries: try again after FailedMessageDelay.
                LogPartFailed(_logger, batch.Key, Objects(part.Count), LoadFailureKind.Transient, e.Message);
                _metrics.Failures.Add(1, new KeyValuePair<string, object?>("kind", "transient"));
                Mark(results, part, new ObjectLoadResult(ObjectLoadStatus.Retry, e.Message));
            }
        }

        if (activity is not null)
        {
            var loaded = results.Values.Count(r => r.Status is ObjectLoadStatus.Loaded or ObjectLoadStatus.AlreadyLoaded or ObjectLoadStatus.Superseded);
            activity.SetTag("gaptools.objects.done", loaded);
            activity.SetTag("gaptools.outcome", loaded == results.Count ? "loaded" : loaded == 0 ? "failed" : "partial");
            activity.SetStatus(loaded == results.Count ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        }

        foreach (var (entry, result) in results)
        {
            _metrics.Objects.Add(1, new KeyValuePair<string, object?>("outcome", Outcome(result.Status)), new KeyValuePair<string, object?>("table", entry.Table.ToString()));
            if (result.Status == ObjectLoadStatus.Loaded && items[entry].EventTime is { } eventTime)
            {
                _metrics.Lag.Record((_time.GetUtcNow() - eventTime).TotalSeconds);
            }
        }

        return results;
    }

    private async Task LoadPartAsync(
        BatchKey key,
        IReadOnlyList<LoadLogEntry> part,
        Dictionary<LoadLogEntry, BatchItem> items,
        Dictionary<LoadLogEntry, ObjectLoadResult> results,
        Queue<IReadOnlyList<LoadLogEntry>> work,
        CancellationToken cancellationToken)
    {
        await EnsureLoadLogAsync(cancellationToken).ConfigureAwait(false);
        for (var conflict = 0; conflict <= MaxConflicts; conflict++)
        {
            // One object goes straight to its transaction on the first attempt: the guard there is the same check,
            // and when it finds the object logged (a redelivery) that costs a rollback, no COPY. A batch is checked
            // first, so a redelivered one shrinks before its manifest and HeadObject fan-out.
            var guardOnly = conflict == 0 && part.Count == 1;
            var remaining = guardOnly ? part : await SkipLoggedAsync(part, results, cancellationToken).ConfigureAwait(false);
            remaining = await KeepCurrentContentAsync(key, remaining, results, cancellationToken).ConfigureAwait(false);
            if (remaining.Count == 0)
            {
                return;
            }

            if (_settings.ManifestBucket is null && remaining.Count > 1)
            {
                // Direct COPY names one key: load each alone.
                foreach (var entry in remaining)
                {
                    work.Enqueue([entry]);
                }

                return;
            }

            var batchId = _newBatchId();
            using var batchScope = BatchScope(_logger, batchId);
            string? manifestKey = null;
            try
            {
                CopyCommand copy;
                var credentials = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
                if (_settings.ManifestBucket is { } manifestBucket)
                {
                    manifestKey = ManifestDocument.Key(_settings.ManifestPrefix, _time.GetUtcNow(), batchId);
                    var manifest = ManifestDocument.Build(remaining.Select(e => new ManifestEntry(e.Bucket, e.Key, items[e].Size)));
                    await _manifests.PutAsync(manifestBucket, manifestKey, manifest, cancellationToken).ConfigureAwait(false);
                    copy = new CopyCommand(key.Table, S3Uri.Format(manifestBucket, manifestKey), isManifest: true, credentials, key.Region, key.CopyParameters);
                }
                else
                {
                    copy = new CopyCommand(key.Table, S3Uri.Format(remaining[0].Bucket, remaining[0].Key), isManifest: false, credentials, key.Region, key.CopyParameters);
                }

                var sizes = remaining.ToDictionary(e => e, e => items[e].Size);
                var transaction = new LoadTransaction(
                    _sql.Lock(), _sql.CountLogged(remaining), _sql.FailIfLogged(remaining), copy,
                    _sql.Insert(remaining, sizes, batchId, _time.GetUtcNow()),
                    [.. remaining.Select(e => S3Uri.Format(e.Bucket, e.Key))]);
                if (await TryCommitAsync(key, remaining, transaction, results, work, logConflict: !guardOnly, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            finally
            {
                if (manifestKey is not null && _settings.DeleteManifests)
                {
                    await DeleteManifestAsync(manifestKey).ConfigureAwait(false);
                }
            }
        }

        Mark(results, part, new ObjectLoadResult(ObjectLoadStatus.Retry, "the load log kept changing under concurrent loads", TimeSpan.Zero));
    }

    /// <summary>Returns true when the part is settled (committed or failed), false to re-plan after a guard conflict.</summary>
    private async Task<bool> TryCommitAsync(
        BatchKey key,
        IReadOnlyList<LoadLogEntry> remaining,
        LoadTransaction transaction,
        Dictionary<LoadLogEntry, ObjectLoadResult> results,
        Queue<IReadOnlyList<LoadLogEntry>> work,
        bool logConflict,
        CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            var rows = await RunAsync(
                token =>
                {
                    _metrics.CopyStatements.Add(1);
                    return _copier.LoadAsync(transaction, token);
                },
                cancellationToken).ConfigureAwait(false);
            Mark(results, remaining, ObjectLoadResult.Loaded);
            var elapsed = _time.GetElapsedTime(started);
#pragma warning disable CA1873 // Counted.Of pairs a number with a word: nothing worth a level check.
            LogLoaded(_logger, key, Objects(remaining.Count), Counted.Of(rows, "row"), elapsed, transaction.Copy);
#pragma warning restore CA1873
            return true;
        }
        catch (LoadConflictException)
        {
            if (logConflict)
            {
#pragma warning disable CA1873 // Counted.Of pairs a number with a word: nothing worth a level check.
                LogConflict(_logger, key, Objects(remaining.Count));
#pragma warning restore CA1873
            }

            return false;
        }
        catch (RedshiftLoadException e) when (e.Kind == LoadFailureKind.BadData)
        {
            _metrics.Failures.Add(1, new KeyValuePair<string, object?>("kind", "bad_data"));
            await IsolateBadDataAsync(key, remaining, e, results, work, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RedshiftLoadException e) when (e.Kind == LoadFailureKind.Permanent && remaining.Count > 1 && NamedIn(e.Message, remaining) is { Count: > 0 } named)
        {
            // The error names objects of the batch (a mandatory manifest entry deleted before the load, an
            // unreadable file): fail those, load the others again.
            _metrics.Failures.Add(1, new KeyValuePair<string, object?>("kind", "permanent"));
            LogPartFailed(_logger, key, Objects(named.Count), e.Kind, e.Message);
            Mark(results, named, new ObjectLoadResult(ObjectLoadStatus.Failed, e.Message));
            work.Enqueue([.. remaining.Except(named)]);
            return true;
        }
        catch (RedshiftLoadException e)
        {
            var status = e.Kind == LoadFailureKind.Transient ? ObjectLoadStatus.Retry : ObjectLoadStatus.Failed;
            _metrics.Failures.Add(1, new KeyValuePair<string, object?>("kind", e.Kind == LoadFailureKind.Transient ? "transient" : "permanent"));
            LogPartFailed(_logger, key, Objects(remaining.Count), e.Kind, e.Message);
            Mark(results, remaining, new ObjectLoadResult(status, e.Message));
            return true;
        }
    }

    private async Task IsolateBadDataAsync(
        BatchKey key,
        IReadOnlyList<LoadLogEntry> remaining,
        RedshiftLoadException failure,
        Dictionary<LoadLogEntry, ObjectLoadResult> results,
        Queue<IReadOnlyList<LoadLogEntry>> work,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<LoadErrorDetail> details = [];
        try
        {
            details = await _copier.ReadLoadErrorsAsync(failure, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDetailUnavailable(_logger, key, e.Message);
        }

        foreach (var detail in details)
        {
            LogLoadError(_logger, key, detail.FileName.Trim(), detail.LineNumber, detail.ColumnName.Trim(), detail.ErrorCode.Trim(), detail.ErrorMessage.Trim());
        }

        var byUrl = remaining.ToDictionary(e => S3Uri.Format(e.Bucket, e.Key), StringComparer.Ordinal);
        var bad = details.Select(d => byUrl.GetValueOrDefault(d.FileName.Trim())).OfType<LoadLogEntry>().Distinct().ToList();
        var reason = details.Count > 0
            ? $"COPY rejected {details[0].FileName.Trim()} line {details[0].LineNumber}: {details[0].ErrorMessage.Trim()}"
            : failure.Message;
        if (remaining.Count == 1 || (bad.Count == remaining.Count))
        {
            LogPartFailed(_logger, key, Objects(remaining.Count), LoadFailureKind.BadData, reason);
            Mark(results, remaining, new ObjectLoadResult(ObjectLoadStatus.Failed, reason));
            return;
        }

        if (bad.Count > 0)
        {
            LogPartFailed(_logger, key, Objects(bad.Count), LoadFailureKind.BadData, reason);
            Mark(results, bad, new ObjectLoadResult(ObjectLoadStatus.Failed, reason));
            work.Enqueue([.. remaining.Except(bad)]);
        }
        else
        {
            // No file named: halve, so a single bad object costs O(log n) extra COPYs.
            var half = remaining.Count / 2;
            work.Enqueue([.. remaining.Take(half)]);
            work.Enqueue([.. remaining.Skip(half)]);
        }
    }

    private async Task<IReadOnlyList<LoadLogEntry>> SkipLoggedAsync(
        IReadOnlyList<LoadLogEntry> part, Dictionary<LoadLogEntry, ObjectLoadResult> results, CancellationToken cancellationToken)
    {
        var logged = await RunAsync(token => _copier.SelectLoggedAsync(_sql.SelectLogged(part), token), cancellationToken).ConfigureAwait(false);
        var done = logged.Select(l => (l.Bucket, l.Key, l.VersionId, l.ETag, l.TargetTable)).ToHashSet();
        var remaining = new List<LoadLogEntry>();
        foreach (var entry in part)
        {
            if (done.Contains((entry.Bucket, entry.Key, entry.VersionId, entry.ETag, entry.TableText)))
            {
                results[entry] = ObjectLoadResult.AlreadyLoaded;
            }
            else
            {
                remaining.Add(entry);
            }
        }

        if (remaining.Count < part.Count)
        {
#pragma warning disable CA1873 // Counted.Of pairs a number with a word: nothing worth a level check.
            LogSkipped(_logger, part[0].Table, Objects(part.Count - remaining.Count));
#pragma warning restore CA1873
        }

        return remaining;
    }

    /// <summary>
    /// Exactly once for overwritten keys: the content a COPY reads is whatever the key holds at load time, so each
    /// object is checked (HeadObject) just before the COPY. An event whose ETag (or version id) is no longer the
    /// key's is superseded: not loaded, logged, its message deleted; the event of the current content loads that,
    /// and the load log records only the ETag that was loaded. A key deleted since its event stays in the part
    /// (its COPY fails for it alone, as it always did).
    /// </summary>
    private async Task<IReadOnlyList<LoadLogEntry>> KeepCurrentContentAsync(
        BatchKey key, IReadOnlyList<LoadLogEntry> remaining, Dictionary<LoadLogEntry, ObjectLoadResult> results, CancellationToken cancellationToken)
    {
        var heads = new (string ETag, string VersionId)?[remaining.Count];
        await Parallel.ForAsync(0, remaining.Count, new ParallelOptions { MaxDegreeOfParallelism = HeadConcurrency, CancellationToken = cancellationToken }, async (i, token) =>
            heads[i] = await _manifests.HeadAsync(remaining[i].Bucket, remaining[i].Key, token).ConfigureAwait(false)).ConfigureAwait(false);
        var current = new List<LoadLogEntry>(remaining.Count);
        for (var i = 0; i < remaining.Count; i++)
        {
            var entry = remaining[i];
            if (heads[i] is { } head && !IsCurrent(entry, head))
            {
                var url = S3Uri.Format(entry.Bucket, entry.Key);
                LogSuperseded(_logger, key, url, entry.ETag, head.ETag);
                results[entry] = ObjectLoadResult.Superseded;
            }
            else
            {
                current.Add(entry);
            }
        }

        return current;
    }

    private static bool IsCurrent(LoadLogEntry entry, (string ETag, string VersionId) head) =>
        head.ETag == "*"
        || ((entry.ETag.Length == 0 || string.Equals(entry.ETag, head.ETag, StringComparison.Ordinal))
            && (entry.VersionId.Length == 0 || string.Equals(entry.VersionId, head.VersionId, StringComparison.Ordinal)));

    private async Task EnsureLoadLogAsync(CancellationToken cancellationToken)
    {
        if (_loadLogReady || !_settings.CreateLoadLog)
        {
            return;
        }

        try
        {
            await RunAsync(
                async token =>
                {
                    await _copier.ExecuteAsync(_sql.CreateTable(), token).ConfigureAwait(false);
                    return 0;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RedshiftLoadException e) when (e.SqlState is "23505" or "42P07" or "42710")
        {
            // Another worker created it at the same moment (PostgreSQL's IF NOT EXISTS is not race-free): it exists.
        }

        _loadLogReady = true;
    }

    /// <summary>
    /// One database call under the retry pipeline, each attempt gated on cluster availability (so a maintenance
    /// window waits instead of burning attempts); a transient failure makes the next attempt re-check the status.
    /// </summary>
    /// <remarks>
    /// With a <see cref="SinkOutage"/>, a call that still fails transiently after its retries is held and probed
    /// until Redshift answers (or the hold runs out: <see cref="SinkUnavailableException"/>), so an outage costs
    /// no receive count.
    /// </remarks>
    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        async ValueTask<T> Attempt(CancellationToken token)
        {
            await _cluster.WaitUntilAvailableAsync(token).ConfigureAwait(false);
            try
            {
                return await call(token).ConfigureAwait(false);
            }
            catch (RedshiftLoadException e) when (e.Kind == LoadFailureKind.Transient)
            {
                _cluster.ConnectionFailed();
                throw;
            }
        }

        return _outage is null
            ? await _retry.ExecuteAsync(Attempt, cancellationToken).ConfigureAwait(false)
            : await _outage.ExecuteAsync(_retry, Attempt, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteManifestAsync(string key)
    {
        try
        {
            // Not cancellable by shutdown: it is one quick call, and a leftover is only clutter (lifecycle rules expire it).
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _manifests.DeleteAsync(_settings.ManifestBucket!, key, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogManifestDeleteFailed(_logger, key, e.Message);
        }
    }

    /// <summary>The entries whose s3:// URL appears in <paramref name="message"/> as a whole (not as a prefix of a longer key).</summary>
    internal static List<LoadLogEntry> NamedIn(string message, IReadOnlyList<LoadLogEntry> entries) =>
        [.. entries.Where(e =>
        {
            var url = S3Uri.Format(e.Bucket, e.Key);
            for (var at = message.IndexOf(url, StringComparison.Ordinal); at >= 0; at = message.IndexOf(url, at + 1, StringComparison.Ordinal))
            {
                var end = at + url.Length;
                if (end == message.Length || message[end] is '\'' or '"' or ' ' or ',' or ';' or ')' or '\n')
                {
                    return true;
                }
            }

            return false;
        })];

    private static void Mark(Dictionary<LoadLogEntry, ObjectLoadResult> results, IEnumerable<LoadLogEntry> entries, ObjectLoadResult result)
    {
        foreach (var entry in entries)
        {
            results[entry] = result;
        }
    }

    private static string Outcome(ObjectLoadStatus status) => status switch
    {
        ObjectLoadStatus.Loaded => "loaded",
        ObjectLoadStatus.AlreadyLoaded => "already_loaded",
        ObjectLoadStatus.Superseded => "superseded",
        ObjectLoadStatus.Retry => "retry",
        _ => "failed",
    };

    private static Counted Objects(int count) => Counted.Of(count, "object");

    [LoggerMessage(Level = LogLevel.Information, Message = "{Table}: {Url} superseded: the event named ETag {EventETag}, the key now holds {CurrentETag}; not loaded (the current content's own event loads it)")]
    private static partial void LogSuperseded(ILogger logger, BatchKey table, string url, string eventETag, string currentETag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Objects} ({Rows}) into {Table} in {Elapsed}: {Copy}")]
    private static partial void LogLoaded(ILogger logger, BatchKey table, Counted objects, Counted rows, TimeSpan elapsed, CopyCommand copy);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} for {Table} already in the load log; skipped")]
    private static partial void LogSkipped(ILogger logger, Routing.QualifiedTableName table, Counted count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another load committed some of these {Count} for {Table} first; re-planning")]
    private static partial void LogConflict(ILogger logger, BatchKey table, Counted count);

    [LoggerMessage(Level = LogLevel.Error, Message = "COPY into {Table} rejected {File} line {Line} column {Column} ({Code}): {Error}")]
    private static partial void LogLoadError(ILogger logger, BatchKey table, string file, long line, string column, string code, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read sys_load_error_detail for {Table} ({Error}): the rejected rows cannot be shown; the loading user needs SELECT on sys_load_error_detail")]
    private static partial void LogDetailUnavailable(ILogger logger, BatchKey table, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading {Count} into {Table} failed ({Kind}): {Error}")]
    private static partial void LogPartFailed(ILogger logger, BatchKey table, Counted count, LoadFailureKind kind, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete manifest {Key}: {Error}")]
    private static partial void LogManifestDeleteFailed(ILogger logger, string key, string error);
}

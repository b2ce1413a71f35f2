using GapTools.S3ToCloudSearch.Batching;
using GapTools.S3ToCloudSearch.Configuration;
using Microsoft.Extensions.Logging;

namespace GapTools.S3ToCloudSearch.Sink;

/// <summary>
/// Every endpoint's batch queue and its single uploader (<see cref="EndpointSender"/>). The configured endpoints exist
/// from the start; an endpoint an object key names (s32cs's <c>KEY_REGEXP</c> meaning) gets its queue and uploader
/// when a key first names it, up to <see cref="MaxEndpoints"/>. The uploaders start with the first unit and live as
/// long as the worker, not as a hosted service: on SIGTERM the consumer's in-flight messages must still be able to
/// finish uploading while the host stops.
/// </summary>
internal sealed class EndpointUploaders : IAsyncDisposable
{
    /// <summary>
    /// Most endpoints one worker uploads to: each holds up to three batches, and keys (data) must not be able to make
    /// it allocate without bound.
    /// </summary>
    public const int MaxEndpoints = 64;

    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private readonly Dictionary<DocumentEndpoint, (BatchQueue Queue, EndpointSender Sender)> endpoints = [];
    private readonly List<Task> running = [];
    private readonly int maxBatchBytes;
    private readonly TimeSpan maxBatchWait;
    private readonly TimeSpan minUploadInterval;
    private readonly Func<DocumentEndpoint, BatchUploader> uploaderFor;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private bool started;
    private bool stopped;

    public EndpointUploaders(
        IEnumerable<DocumentEndpoint> all, int maxBatchBytes, TimeSpan maxBatchWait, TimeSpan minUploadInterval, Func<DocumentEndpoint, BatchUploader> uploaderFor, TimeProvider time, ILogger logger)
    {
        this.maxBatchBytes = maxBatchBytes;
        this.maxBatchWait = maxBatchWait;
        this.minUploadInterval = minUploadInterval;
        this.uploaderFor = uploaderFor;
        this.time = time;
        this.logger = logger;
        foreach (var endpoint in all)
        {
            Add(endpoint);
        }
    }

    /// <summary>
    /// The queue whose uploader sends to <paramref name="endpoint"/>, created (and started, once the uploaders run) the
    /// first time; false when <see cref="MaxEndpoints"/> endpoints exist already.
    /// </summary>
    public bool TryGetQueue(DocumentEndpoint endpoint, out BatchQueue queue)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stopped, this);
            if (endpoints.TryGetValue(endpoint, out var existing))
            {
                queue = existing.Queue;
                return true;
            }

            if (endpoints.Count >= MaxEndpoints)
            {
                queue = null!;
                return false;
            }

            var (added, sender) = Add(endpoint);
            if (started)
            {
                running.Add(Run(sender));
            }

            queue = added;
            return true;
        }
    }

    /// <summary>Starts every endpoint's uploader (once).</summary>
    public void Start()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stopped, this);
            if (!started)
            {
                started = true;
                running.AddRange(endpoints.Values.Select(e => Run(e.Sender)));
            }
        }
    }

    /// <summary>Sends every endpoint's partial batch as soon as no message reads into it (drained, stopping, all work handed over).</summary>
    public void FlushAll()
    {
        BatchQueue[] queues;
        lock (gate)
        {
            queues = [.. endpoints.Values.Select(e => e.Queue)];
        }

        foreach (var queue in queues)
        {
            queue.Flush();
        }
    }

    /// <summary>Stops the uploaders at once: whatever is still queued belongs to units that were released.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] all;
        lock (gate)
        {
            if (stopped)
            {
                return;
            }

            stopped = true;
            all = [.. running];
        }

        await stopping.CancelAsync().ConfigureAwait(false);

        try
        {
            await Task.WhenAll(all).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped on purpose.
        }
        finally
        {
            stopping.Dispose();
        }
    }

    private (BatchQueue Queue, EndpointSender Sender) Add(DocumentEndpoint endpoint)
    {
        var queue = new BatchQueue(maxBatchBytes, maxBatchWait, time);
        var entry = (queue, new EndpointSender(queue, uploaderFor(endpoint), minUploadInterval, time, logger));
        endpoints[endpoint] = entry;
        return entry;
    }

    // Started by whichever unit comes first: its message's log scope must not flow into an uploader that serves every message.
    private Task Run(EndpointSender sender)
    {
        using var unscoped = ExecutionContext.SuppressFlow();
        return Task.Run(() => sender.RunAsync(stopping.Token));
    }
}

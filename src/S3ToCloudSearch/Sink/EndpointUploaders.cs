using GapTools.S3ToCloudSearch.Batching;
using GapTools.S3ToCloudSearch.Configuration;
using Microsoft.Extensions.Logging;

namespace GapTools.S3ToCloudSearch.Sink;

/// <summary>
/// Every endpoint's batch queue and its single uploader (<see cref="EndpointSender"/>). The uploaders start with the
/// first unit and live as long as the worker, not as a hosted service: on SIGTERM the consumer's in-flight messages
/// must still be able to finish uploading while the host stops.
/// </summary>
internal sealed class EndpointUploaders : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock startGate = new();
    private readonly Dictionary<DocumentEndpoint, (BatchQueue Queue, EndpointSender Sender)> endpoints;
    private Task? running;
    private bool stopped;

    public EndpointUploaders(
        IEnumerable<DocumentEndpoint> all, int maxBatchBytes, TimeSpan minUploadInterval, Func<DocumentEndpoint, BatchUploader> uploaderFor, TimeProvider time, ILogger logger)
    {
        endpoints = all.ToDictionary(e => e, e =>
        {
            var queue = new BatchQueue(maxBatchBytes);
            return (queue, new EndpointSender(queue, uploaderFor(e), minUploadInterval, time, logger));
        });
    }

    /// <summary>The queue whose uploader sends to <paramref name="endpoint"/>.</summary>
    public BatchQueue QueueFor(DocumentEndpoint endpoint) => endpoints[endpoint].Queue;

    /// <summary>Starts every endpoint's uploader (once).</summary>
    public void Start()
    {
        lock (startGate)
        {
            ObjectDisposedException.ThrowIf(stopped, this);
            if (running is null)
            {
                // Started by the first unit: its message's log scope must not flow into the uploaders, which serve every message.
                using var unscoped = ExecutionContext.SuppressFlow();
                running = Task.WhenAll(endpoints.Values.Select(e => Task.Run(() => e.Sender.RunAsync(stopping.Token))));
            }
        }
    }

    /// <summary>Stops the uploaders at once: whatever is still queued belongs to units that were released.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? started;
        lock (startGate)
        {
            if (stopped)
            {
                return;
            }

            stopped = true;
            started = running;
        }

        await stopping.CancelAsync().ConfigureAwait(false);

        try
        {
            if (started is not null)
            {
                await started.ConfigureAwait(false);
            }
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
}

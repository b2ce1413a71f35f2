using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;

namespace GapTools.Workers.Sqs;

/// <summary>
/// Sends deletes and visibility changes in batches. Completions that arrive while a call is in progress are
/// gathered into the next call (up to 10 entries, the SQS batch limit), so no timer adds latency.
/// </summary>
internal sealed class Acknowledger(
    ISqsQueue queue,
    InFlightSet inFlight,
    ResiliencePipeline pipeline,
    SqsConsumerMetrics metrics,
    SqsConsumerCounters counters,
    ILogger logger)
{
    private const int MaxGathered = 100;
    private readonly Channel<Acknowledgement> _pending = Channel.CreateUnbounded<Acknowledgement>(new UnboundedChannelOptions { SingleReader = true });
    private Task _run = Task.CompletedTask;

    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>Queues a delete; false once <see cref="CompleteAsync"/> has been called.</summary>
    public bool TryDelete(InFlightMessage message) => _pending.Writer.TryWrite(new Acknowledgement(message, null));

    /// <summary>Queues a visibility change (0 releases); false once <see cref="CompleteAsync"/> has been called.</summary>
    public bool TryChangeVisibility(InFlightMessage message, TimeSpan visibility) =>
        _pending.Writer.TryWrite(new Acknowledgement(message, visibility));

    /// <summary>Accepts nothing more and waits until everything queued has been sent.</summary>
    public Task CompleteAsync()
    {
        _pending.Writer.TryComplete();
        return _run;
    }

    private async Task RunAsync()
    {
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var gathered = new List<Acknowledgement>();
            while (gathered.Count < MaxGathered && reader.TryRead(out var next))
            {
                gathered.Add(next);
            }

            foreach (var group in gathered.GroupBy(a => a.Visibility))
            {
                foreach (var chunk in group.Chunk(SqsLimits.MaxBatchEntries))
                {
                    await SendAsync(chunk, group.Key).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task SendAsync(Acknowledgement[] chunk, TimeSpan? visibility)
    {
        var messages = chunk.Select(a => a.Message.Message).ToList();

        // Acknowledgements are flushed even during shutdown, so they are not tied to a cancellation token.
        var failures = await SqsBatchCalls.RunAsync(
            pipeline,
            messages,
            visibility is { } seconds
                ? (entries, token) => queue.ChangeVisibilityBatchAsync(entries, seconds, token)
                : queue.DeleteBatchAsync,
            CancellationToken.None).ConfigureAwait(false);

        var operation = visibility is null ? "DeleteMessageBatch" : "ChangeMessageVisibilityBatch";
        foreach (var failure in failures)
        {
            SqsConsumerLog.AcknowledgementFailed(logger, operation, failure.Entry.MessageId, queue.QueueUrl, failure.Code, failure.Detail);
        }

        var succeeded = chunk.Length - failures.Count;
        if (visibility is null)
        {
            counters.Deleted(succeeded);
            metrics.OnDeleted(succeeded);
        }
        else if (visibility == TimeSpan.Zero)
        {
            counters.Released(succeeded);
            metrics.OnReleased(succeeded);
        }
        else
        {
            counters.RetriedLater(succeeded);
            metrics.OnRetriedLater(succeeded);
        }

        counters.AcknowledgementFailures(failures.Count);
        metrics.OnAcknowledgementFailures(failures.Count);
        foreach (var acknowledgement in chunk)
        {
            inFlight.Remove(acknowledgement.Message);
        }
    }
}

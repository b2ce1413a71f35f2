using Microsoft.Extensions.Logging;
using Polly;

namespace GapTools.Workers.Sqs;

/// <summary>Keeps messages invisible while their handlers run, with ChangeMessageVisibilityBatch on a timer.</summary>
internal sealed class VisibilityHeartbeat(
    ISqsQueue queue,
    InFlightSet inFlight,
    TimeSpan visibilityTimeout,
    TimeSpan interval,
    TimeProvider time,
    ResiliencePipeline pipeline,
    ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await ExtendAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ExtendAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();

        // Renew windows that started at least half an interval ago: at most 1.5 intervals pass between renewals,
        // which stays inside the visibility timeout because the interval is at most half of it (validated).
        // Claimed messages are being deleted or released already.
        var due = inFlight.Snapshot()
            .Where(m => !m.IsClaimed && now - m.LastExtendedAt >= interval / 2)
            .ToList();
        foreach (var chunk in due.Chunk(SqsLimits.MaxBatchEntries))
        {
            var byMessage = chunk.ToDictionary<InFlightMessage, SqsMessage>(m => m.Message, ReferenceEqualityComparer.Instance);
            var failures = await SqsBatchCalls.RunAsync(
                pipeline,
                chunk.Select(m => m.Message).ToList(),
                (messages, token) => queue.ChangeVisibilityBatchAsync(messages, visibilityTimeout, token),
                cancellationToken).ConfigureAwait(false);

            var failed = new HashSet<SqsMessage>(ReferenceEqualityComparer.Instance);
            foreach (var failure in failures)
            {
                failed.Add(failure.Entry);
                if (byMessage.TryGetValue(failure.Entry, out var message) && !message.IsClaimed)
                {
                    SqsConsumerLog.HeartbeatFailed(logger, failure.Entry.MessageId, queue.QueueUrl, failure.Code, failure.Detail);
                }
            }

            foreach (var message in chunk.Where(m => !failed.Contains(m.Message)))
            {
                message.LastExtendedAt = now;
            }
        }
    }
}

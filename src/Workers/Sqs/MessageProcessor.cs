using GapTools.Core.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace GapTools.Workers.Sqs;

/// <summary>Runs the handler for one in-flight message and settles it by the outcome.</summary>
internal sealed class MessageProcessor(
    ISqsMessageHandler handler,
    SqsConsumerOptions options,
    ISqsQueue queue,
    ISqsQueue? deadLetterQueue,
    InFlightSet inFlight,
    Acknowledger acknowledger,
    ResiliencePipeline pipeline,
    SqsConsumerMetrics metrics,
    SqsConsumerCounters counters,
    ILogger logger)
{
    private const int MaxReasonLength = 256;

    /// <summary>Never throws: handler failures become a delayed release.</summary>
    public async Task ProcessAsync(InFlightMessage message, CancellationToken handlerToken)
    {
        using var scope = SqsConsumerLog.MessageScope(logger, message.Message.MessageId);
        MessageDisposition disposition;
        try
        {
            disposition = await handler.HandleAsync(message.Message, handlerToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The handler returned no disposition.");
        }
        catch (OperationCanceledException) when (handlerToken.IsCancellationRequested)
        {
            return; // Shutdown grace ran out; shutdown releases the message.
        }
        catch (Exception e)
        {
            // Never delete what was not processed; back off by how often it has failed already.
            var delay = Backoff.Exponential(Math.Max(0, message.Message.ApproximateReceiveCount - 1), options.FailureBackoffBase, options.FailureBackoffMax);
            counters.HandlerFailure();
            metrics.OnHandlerFailure();
            SqsConsumerLog.HandlerFailed(logger, message.Message.MessageId, message.Message.ApproximateReceiveCount, queue.QueueUrl, ErrorSummary.Describe(e), delay, e);
            disposition = delay == TimeSpan.Zero ? MessageDisposition.Release : MessageDisposition.RetryAfter(delay);
        }

        await SettleAsync(message, disposition).ConfigureAwait(false);
    }

    private async Task SettleAsync(InFlightMessage message, MessageDisposition disposition)
    {
        if (!message.TryClaim())
        {
            SqsConsumerLog.SettledAfterShutdown(logger, message.Message.MessageId, queue.QueueUrl);
            return;
        }

        metrics.OnSettled(System.Diagnostics.Stopwatch.GetElapsedTime(message.ReceivedTimestamp), disposition.Kind);
        var queued = disposition.Kind switch
        {
            MessageDispositionKind.Delete => acknowledger.TryDelete(message),
            MessageDispositionKind.Release => acknowledger.TryChangeVisibility(message, TimeSpan.Zero),
            MessageDispositionKind.RetryAfter => acknowledger.TryChangeVisibility(message, disposition.Delay),
            _ => await DeadLetterAsync(message, disposition.Reason ?? "unspecified").ConfigureAwait(false),
        };
        if (!queued)
        {
            // The run has ended; the message becomes visible again when its visibility timeout expires.
            SqsConsumerLog.SettledAfterShutdown(logger, message.Message.MessageId, queue.QueueUrl);
            inFlight.Remove(message);
        }
    }

    private async Task<bool> DeadLetterAsync(InFlightMessage message, string reason)
    {
        if (deadLetterQueue is null)
        {
            // Leave it invisible until its visibility timeout: releasing it now would redeliver it at once, in a
            // tight loop, until the redrive policy's maxReceiveCount moves it (or forever, without a policy).
            // In the summary it is "retried later" (it comes back), not "dead-lettered" (nothing was sent anywhere).
            SqsConsumerLog.NoDeadLetterQueue(logger, message.Message.MessageId, queue.QueueUrl, reason);
            counters.RetriedLater(1);
            metrics.OnRetriedLater(1);
            inFlight.Remove(message);
            return true;
        }

        try
        {
            var attributes = DeadLetterAttributes(message.Message, reason);
            await pipeline.ExecuteAsync(
                async ct => await deadLetterQueue.SendAsync(message.Message.Body, attributes, ct).ConfigureAwait(false),
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Not deleted: it will be delivered again after its visibility timeout.
            SqsConsumerLog.DeadLetterFailed(logger, message.Message.MessageId, queue.QueueUrl, ErrorSummary.Describe(e));
            counters.AcknowledgementFailures(1);
            metrics.OnAcknowledgementFailures(1);
            inFlight.Remove(message);
            return true;
        }

        SqsConsumerLog.DeadLettered(logger, message.Message.MessageId, queue.QueueUrl, reason);
        counters.DeadLettered();
        metrics.OnDeadLettered();
        return acknowledger.TryDelete(message);
    }

    private static Dictionary<string, string> DeadLetterAttributes(SqsMessage message, string reason)
    {
        var attributes = new Dictionary<string, string>(message.Attributes);

        // SQS allows 10 attributes per message; keep the original ones if the reason does not fit.
        if (attributes.Count < SqsLimits.MaxMessageAttributes || attributes.ContainsKey(SqsConsumer.DeadLetterReasonAttribute))
        {
            attributes[SqsConsumer.DeadLetterReasonAttribute] = reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength];
        }

        return attributes;
    }
}

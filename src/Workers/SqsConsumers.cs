using Amazon.SQS;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging;

namespace GapTools.Workers;

/// <summary>Opens the consumer of a tool's <see cref="SqsSourceOptions"/>: resolves the queue names, then builds the loop.</summary>
public static class SqsConsumers
{
    /// <summary>
    /// Resolves <see cref="SqsSourceOptions.Queue"/> (and the dead-letter queue) and returns a consumer that hands
    /// every message to <paramref name="handler"/>. <paramref name="gate"/> is awaited before each receive and
    /// <paramref name="idle"/> told after an empty one.
    /// </summary>
    public static async Task<SqsConsumer> OpenAsync(
        IAmazonSQS sqs,
        SqsSourceOptions source,
        ISqsMessageHandler handler,
        TimeProvider time,
        ILoggerFactory loggers,
        IReceiveGate? gate,
        IQueueIdleObserver? idle,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(loggers);
        if (string.IsNullOrWhiteSpace(source.Queue))
        {
            throw new InvalidOperationException("Sqs:Queue is not set: name the queue (or its URL) the worker consumes.");
        }

        var queue = await SqsQueue.CreateAsync(sqs, source.Queue, cancellationToken).ConfigureAwait(false);
        var deadLetter = string.IsNullOrWhiteSpace(source.DeadLetterQueue)
            ? null
            : await SqsQueue.CreateAsync(sqs, source.DeadLetterQueue, cancellationToken).ConfigureAwait(false);
        return new SqsConsumer(queue, handler, source.Consumer, time, loggers.CreateLogger<SqsConsumer>(), deadLetter, gate, idle);
    }
}

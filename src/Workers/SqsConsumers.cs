using Amazon.SQS;
using GapTools.Core.Resilience;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging;

namespace GapTools.Workers;

/// <summary>Opens the consumer of a tool's <see cref="SqsSourceOptions"/>: resolves the queue names, then builds the loop.</summary>
public static class SqsConsumers
{
    private static readonly TimeSpan StartupBaseDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StartupMaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Resolves <see cref="SqsSourceOptions.Queue"/> of <paramref name="toolSection"/> (and the dead-letter queue; a
    /// missing queue is an error naming <c>&lt;toolSection&gt;:Sqs:Queue</c>) and returns a consumer that hands
    /// every message to <paramref name="handler"/>. <paramref name="gate"/> is awaited before each receive and
    /// <paramref name="idle"/> told after an empty one.
    /// </summary>
    public static async Task<SqsConsumer> OpenAsync(
        IAmazonSQS sqs,
        string toolSection,
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
            throw new InvalidOperationException($"{toolSection}:Sqs:Queue is not set: name the queue (or its URL) that receives the bucket's S3 event notifications.");
        }

        // GetQueueUrl at start: a throttled or briefly unreachable SQS is waited out (until the stop token), never a crash.
        var logger = loggers.CreateLogger<SqsConsumer>();
        var startup = ResiliencePipelines.CreateUntilCancelled("sqs.GetQueueUrl", StartupBaseDelay, StartupMaxDelay, new ResilienceInputs { TimeProvider = time, Logger = logger });
        var queue = await startup.ExecuteAsync(async ct => await SqsQueue.CreateAsync(sqs, source.Queue, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var deadLetter = string.IsNullOrWhiteSpace(source.DeadLetterQueue)
            ? null
            : await startup.ExecuteAsync(async ct => await SqsQueue.CreateAsync(sqs, source.DeadLetterQueue, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return new SqsConsumer(queue, handler, source.Consumer, time, logger, deadLetter, gate, idle);
    }
}

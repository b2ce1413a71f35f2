using Amazon.SQS;
using GapTools.Core.Sqs;
using Microsoft.Extensions.Logging;

namespace GapTools.Core.Workers;

/// <summary>Builds the <see cref="SqsConsumer"/> for a run: resolves queue names, applies --batch and --max-execution-time.</summary>
public sealed class SqsWorkerFactory(
    IAmazonSQS sqs,
    ISqsMessageHandler handler,
    TimeProvider time,
    ILoggerFactory loggers,
    IReceiveGate? gate = null,
    IQueueIdleObserver? idleObserver = null)
{
    public async Task<SqsConsumer> CreateAsync(SqsSourceOptions source, WorkerInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(invocation);
        if (string.IsNullOrWhiteSpace(source.Queue))
        {
            throw new InvalidOperationException("Sqs:Queue is not set: name the queue (or its URL) the worker consumes.");
        }

        var queue = await SqsQueue.CreateAsync(sqs, source.Queue, cancellationToken);
        var deadLetter = string.IsNullOrWhiteSpace(source.DeadLetterQueue)
            ? null
            : await SqsQueue.CreateAsync(sqs, source.DeadLetterQueue, cancellationToken);
        var options = source.Consumer with
        {
            Mode = invocation.Batch ? SqsConsumerMode.DrainAndExit : source.Consumer.Mode,
            MaxExecutionTime = invocation.MaxExecutionTime ?? source.Consumer.MaxExecutionTime,
        };
        return new SqsConsumer(queue, handler, options, time, loggers.CreateLogger<SqsConsumer>(), deadLetter, gate, idleObserver);
    }
}

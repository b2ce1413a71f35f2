using System.Diagnostics;
using System.Text.Json;
using GapTools.Core.Logging;
using GapTools.Core.S3Events;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging;

namespace GapTools.Workers.Lambda;

/// <summary>
/// One invocation of a GapTools worker as a Lambda function. An SQS batch: every record is triaged and handed to the
/// worker at once, its open batches are closed (one COPY or upload per invocation where the limits allow), and the
/// answer is <c>{"batchItemFailures":[…]}</c> naming exactly the messages that were not done (the event source
/// mapping needs <c>FunctionResponseTypes: [ReportBatchItemFailures]</c>). An S3 notification or EventBridge event
/// is one unit: anything not done fails the invocation, and Lambda's asynchronous retries apply.
/// The deadline bounds the work: see <see cref="LambdaFunctionOptions.DeadlineMargin"/>.
/// </summary>
public sealed partial class LambdaS3Function
{
    private readonly IS3Worker _worker;
    private readonly LambdaFunctionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="worker">The tool's worker, built once at init and kept warm across invocations.</param>
    /// <param name="options">The deadline margin.</param>
    /// <param name="logger">Where each invocation's outcome is logged.</param>
    /// <param name="time">The clock the deadline is read against. Defaults to <see cref="TimeProvider.System"/>.</param>
    public LambdaS3Function(IS3Worker worker, LambdaFunctionOptions options, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _worker = worker;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Handles <paramref name="invocation"/>; never throws for bad input, a failed load or the deadline.</summary>
    public async Task<LambdaResult> InvokeAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var started = Stopwatch.GetTimestamp();
        var lambdaEvent = LambdaEvent.Read(invocation.Payload);
        var usable = invocation.RemainingTime(_time) - _options.DeadlineMargin;
        using var deadline = new CancellationTokenSource(usable > TimeSpan.Zero ? usable : TimeSpan.Zero, _time);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var result = lambdaEvent.Kind switch
        {
            LambdaEventKind.Sqs => await HandleSqsAsync(invocation, lambdaEvent.Messages, usable, work.Token, cancellationToken).ConfigureAwait(false),
            LambdaEventKind.S3 => await HandleS3Async(invocation, usable, work.Token).ConfigureAwait(false),
            _ => Fail("UnsupportedEvent", $"Invocation {invocation.RequestId}: not an event this function handles: {lambdaEvent.Problem}."),
        };
        var elapsed = Stopwatch.GetElapsedTime(started);
#pragma warning disable CA1873 // Counted.Of pairs a number with a word: nothing worth a level check.
        LogInvocation(_logger, invocation.RequestId, lambdaEvent.Kind, Counted.Of(lambdaEvent.Messages.Count, "record"), result.Error?.ErrorType ?? "answered", elapsed);
#pragma warning restore CA1873
        return result;
    }

    private async Task<LambdaResult> HandleSqsAsync(
        LambdaInvocation invocation, IReadOnlyList<SqsMessage> messages, TimeSpan usable, CancellationToken work, CancellationToken stopping)
    {
        if (usable <= TimeSpan.Zero)
        {
            LogNoTimeLeft(_logger, invocation.RequestId, Counted.Of(messages.Count, "record"), _options.DeadlineMargin);
            return BatchItemFailures(messages.Select(m => m.MessageId));
        }

        var pending = messages.Select(m => (Message: m, Verdict: StartAsync(m, work))).ToList();
        _worker.FlushPending(); // everything of this invocation is handed over: load it now, not after the batch wait
        try
        {
            await Task.WhenAll(pending.Select(p => p.Verdict)).WaitAsync(work).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            // The margin is reached: what has not settled is reported below; a load still running commits or rolls
            // back on its own, and the load log makes the redelivery of a committed one a skip.
        }
#pragma warning disable CA1031 // Each record's own failure is read from its task below.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        var failed = new List<string>();
        foreach (var (message, verdict) in pending)
        {
            if (Outcome(verdict) is { } problem)
            {
                LogRecordFailed(_logger, invocation.RequestId, message.MessageId, message.ApproximateReceiveCount, problem);
                failed.Add(message.MessageId);
            }
        }

        return BatchItemFailures(failed);
    }

    private Task<MessageDisposition> StartAsync(SqsMessage message, CancellationToken cancellationToken) => Guarded(() =>
    {
        // The record's work keeps the scope after this returns (its async flow captured it).
        using var scope = SqsConsumerLog.MessageScope(_logger, message.MessageId);
        var (events, settled) = S3EventTriage.Read(message, _logger);
        return settled is not null
            ? Task.FromResult(settled)
            : _worker.ProcessAsync(S3WorkUnit.FromMessage(events.Created, message), cancellationToken);
    });

    // A record or unit whose start throws is that one's failure, read from its task like any other outcome.
    private static Task<MessageDisposition> Guarded(Func<Task<MessageDisposition>> start)
    {
        try
        {
            return start();
        }
#pragma warning disable CA1031 // Reported as that record's (or the invocation's) failure, not thrown out of the loop.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException<MessageDisposition>(e);
        }
    }

    private async Task<LambdaResult> HandleS3Async(LambdaInvocation invocation, TimeSpan usable, CancellationToken work)
    {
        var events = S3EventParser.Parse(invocation.Payload);
        if (!events.IsFullyUnderstood)
        {
            return Fail("MalformedEvent", $"Invocation {invocation.RequestId}: {string.Join("; ", events.Rejected.Select(r => r.Reason))}.");
        }

        if (events.Created.Count == 0)
        {
            return Processed(0);
        }

        if (usable <= TimeSpan.Zero)
        {
            return Fail("DeadlineTooClose", $"Invocation {invocation.RequestId}: less than {_options.DeadlineMargin} (Lambda:DeadlineMargin) was left; nothing was started.");
        }

        // Not FromQueue: the unit is all this invocation has, so the worker loads it at once.
        var verdict = Guarded(() => _worker.ProcessAsync(new S3WorkUnit(events.Created, invocation.RequestId), work));
        try
        {
            await verdict.WaitAsync(work).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Read from the task below, with the deadline case told apart.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return Outcome(verdict) is { } problem
            ? Fail("NotProcessed", $"Invocation {invocation.RequestId}: {problem}")
            : Processed(events.Created.Count);
    }

    // Null when the record is done (the worker would delete its message); otherwise why it is not.
    private string? Outcome(Task<MessageDisposition> verdict) => verdict.Status switch
    {
        TaskStatus.RanToCompletion when verdict.Result.Kind == MessageDispositionKind.Delete => null,
        TaskStatus.RanToCompletion when verdict.Result.Kind == MessageDispositionKind.DeadLetter =>
            $"cannot be processed ({verdict.Result.Reason}); the queue's redrive policy moves it to the dead-letter queue after maxReceiveCount",
        TaskStatus.RanToCompletion => $"not done yet ({verdict.Result.Reason ?? verdict.Result.Kind.ToString()}); delivered again after the visibility timeout",
        TaskStatus.Faulted => $"failed: {verdict.Exception!.InnerException!.GetType().Name}: {verdict.Exception.InnerException.Message}",
        TaskStatus.Canceled => "stopped",
        _ => $"not settled {_options.DeadlineMargin} before the deadline (Lambda:DeadlineMargin)",
    };

    private LambdaResult Fail(string type, string message)
    {
        LogInvocationFailed(_logger, message);
        return LambdaResult.Failed(new LambdaError($"{_worker.Name}.{type}", message));
    }

    private static LambdaResult BatchItemFailures(IEnumerable<string> messageIds)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("batchItemFailures");
            foreach (var id in messageIds)
            {
                json.WriteStartObject();
                json.WriteString("itemIdentifier", id);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return LambdaResult.Succeeded(buffer.ToArray());
    }

    private static LambdaResult Processed(int objects) =>
        LambdaResult.Succeeded(System.Text.Encoding.UTF8.GetBytes($"{{\"objects\":{objects}}}"));

    [LoggerMessage(Level = LogLevel.Information, Message = "Invocation {RequestId} ({Kind}, {Records}): {Outcome} in {Elapsed}")]
    private static partial void LogInvocation(ILogger logger, string requestId, LambdaEventKind kind, Counted records, string outcome, TimeSpan elapsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invocation {RequestId}: message {MessageId} (receive {ReceiveCount}) is reported as a batch item failure: {Problem}")]
    private static partial void LogRecordFailed(ILogger logger, string requestId, string messageId, int receiveCount, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invocation {RequestId}: less than {Margin} (Lambda:DeadlineMargin) is left; all {Records} (of the batch) are reported as failures without starting them")]
    private static partial void LogNoTimeLeft(ILogger logger, string requestId, Counted records, TimeSpan margin);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message}")]
    private static partial void LogInvocationFailed(ILogger logger, string message);
}

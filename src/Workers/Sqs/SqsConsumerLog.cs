using GapTools.Core.Logging;
using Microsoft.Extensions.Logging;

namespace GapTools.Workers.Sqs;

// Messages name ids, counts and error codes only: bodies may carry data the tools must not log.
internal static partial class SqsConsumerLog
{
    /// <summary>The scope of one message's handling: every line logged meanwhile, by any logger, carries its id.</summary>
    public static readonly Func<ILogger, string, IDisposable?> MessageScope = LoggerMessage.DefineScope<string>("message {MessageId}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Queue}: {Mode}, up to {MaxInFlight} in flight, visibility {VisibilityTimeout}, heartbeat every {Heartbeat}")]
    public static partial void Started(ILogger logger, string queue, SqsConsumerMode mode, int maxInFlight, TimeSpan visibilityTimeout, TimeSpan heartbeat);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped consuming {Queue} ({Reason}): {Received} received, {Deleted} deleted, {Released} released, {RetriedLater} retried later, {DeadLettered} dead-lettered, {HandlerFailures} handler failures")]
    public static partial void Stopped(ILogger logger, string queue, SqsStopReason reason, long received, long deleted, long released, long retriedLater, long deadLettered, long handlerFailures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stop requested for {Queue}: waiting up to {Grace} for {InFlight} in flight")]
    public static partial void Stopping(ILogger logger, string queue, TimeSpan grace, Counted inFlight);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown grace ran out for {Queue}: cancelled handlers and released the {Count} that had not finished")]
    public static partial void GraceExpired(ILogger logger, string queue, Counted count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler failed for message {MessageId} (receive {ReceiveCount}) from {Queue}: {Error}; visible again in {Delay}")]
    public static partial void HandlerFailed(ILogger logger, string messageId, int receiveCount, string queue, string error, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Receiving from {Queue} failed and will not be retried: {Error}")]
    public static partial void ReceiveFailed(ILogger logger, string queue, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation} failed for message {MessageId} on {Queue}: {Code} ({Detail}); it will be delivered again after its visibility timeout")]
    public static partial void AcknowledgementFailed(ILogger logger, string operation, string messageId, string queue, string code, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Visibility heartbeat failed for message {MessageId} on {Queue}: {Code} ({Detail}); another consumer may receive it")]
    public static partial void HeartbeatFailed(ILogger logger, string messageId, string queue, string code, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} from {Queue} dead-lettered ({Reason}) but no dead-letter queue is configured: leaving it invisible until its visibility timeout, for the queue's redrive policy")]
    public static partial void NoDeadLetterQueue(ILogger logger, string messageId, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} from {Queue} dead-lettered ({Reason})")]
    public static partial void DeadLettered(ILogger logger, string messageId, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Forwarding message {MessageId} from {Queue} to the dead-letter queue failed: {Error}; it will be delivered again")]
    public static partial void DeadLetterFailed(ILogger logger, string messageId, string queue, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue idle observer failed for {Queue}: {Error}")]
    public static partial void IdleObserverFailed(ILogger logger, string queue, string error, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} from {Queue} finished after shutdown; it will be delivered again")]
    public static partial void SettledAfterShutdown(ILogger logger, string messageId, string queue);
}

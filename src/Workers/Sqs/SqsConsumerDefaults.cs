using GapTools.Core.Resilience;

namespace GapTools.Workers.Sqs;

/// <summary>Defaults of <see cref="SqsConsumerOptions"/>.</summary>
public static class SqsConsumerDefaults
{
    /// <summary>20 s: the longest long poll SQS allows.</summary>
    public static readonly TimeSpan WaitTime = TimeSpan.FromSeconds(20);

    /// <summary>10: the most SQS returns per receive.</summary>
    public const int MaxMessagesPerReceive = 10;

    /// <summary>60 s; kept alive by the heartbeat while a handler runs.</summary>
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(60);

    /// <summary>10 messages in flight.</summary>
    public const int MaxInFlight = 10;

    /// <summary>1 poller.</summary>
    public const int ReceiveConcurrency = 1;

    /// <summary>10 s: must fit inside the host's shutdown timeout (30 s by default) with time left to release messages.</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    /// <summary>2 s: visibility after the first handler failure, doubling with each further receive.</summary>
    public static readonly TimeSpan FailureBackoffBase = TimeSpan.FromSeconds(2);

    /// <summary>5 min: longest visibility after a handler failure.</summary>
    public static readonly TimeSpan FailureBackoffMax = TimeSpan.FromMinutes(5);

    /// <summary>Retry for deletes, visibility changes and dead-letter sends: <see cref="RetryDefaults"/>.</summary>
    public static RetryOptions DeleteRetry => new();

    /// <summary>Retry for receives: 10 retries, up to 20 s apart, then the consumer fails.</summary>
    public static RetryOptions ReceiveRetry => new() { MaxRetryAttempts = 10 };
}

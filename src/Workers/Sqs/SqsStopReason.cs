namespace GapTools.Workers.Sqs;

/// <summary>Why <see cref="SqsConsumer.RunAsync"/> returned.</summary>
public enum SqsStopReason
{
    /// <summary>The stopping token was cancelled.</summary>
    Stopped,

    /// <summary><see cref="SqsConsumerMode.DrainAndExit"/>: the queue was empty and nothing was in flight.</summary>
    Drained,

    /// <summary><see cref="SqsConsumerOptions.MaxExecutionTime"/> elapsed.</summary>
    MaxExecutionTime,
}

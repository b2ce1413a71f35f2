namespace GapTools.Workers.Sqs;

/// <summary>When the consumer stops by itself.</summary>
public enum SqsConsumerMode
{
    /// <summary>Runs until stopped (or <see cref="SqsConsumerOptions.MaxExecutionTime"/>).</summary>
    Continuous,

    /// <summary>Exits once a receive returns nothing and nothing is in flight (batch jobs, cron).</summary>
    DrainAndExit,
}

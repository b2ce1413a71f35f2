namespace GapTools.Workers.Sqs;

/// <summary>SQS service limits (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html).</summary>
internal static class SqsLimits
{
    /// <summary>Entries per batch request and messages per receive.</summary>
    public const int MaxBatchEntries = 10;

    /// <summary>Message attributes per message.</summary>
    public const int MaxMessageAttributes = 10;

    /// <summary>Longest visibility timeout: 12 hours.</summary>
    public static readonly TimeSpan MaxVisibility = TimeSpan.FromHours(12);

    /// <summary>Longest long-poll wait: 20 seconds.</summary>
    public static readonly TimeSpan MaxWaitTime = TimeSpan.FromSeconds(20);

    /// <summary>Whole seconds, rounded up, within [0, 12 h]: the API takes integer seconds.</summary>
    public static int VisibilitySeconds(TimeSpan visibility) =>
        (int)Math.Ceiling(Math.Clamp(visibility.TotalSeconds, 0, MaxVisibility.TotalSeconds));
}

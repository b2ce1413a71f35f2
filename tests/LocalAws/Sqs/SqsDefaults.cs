namespace GapTools.LocalAws.Sqs;

/// <summary>AWS's defaults and limits for standard queues (CreateQueue and ReceiveMessage API reference).</summary>
internal static class SqsDefaults
{
    public const string AccountId = "000000000000";
    public const string Region = "us-east-1";

    public const int VisibilityTimeoutSeconds = 30;
    public const int MaxVisibilityTimeoutSeconds = 43_200;
    public const int MaxDelaySeconds = 900;
    public const int MaximumMessageSize = 1_048_576;
    public const int MinMaximumMessageSize = 1_024;
    public const int MessageRetentionPeriodSeconds = 345_600;
    public const int MinMessageRetentionPeriodSeconds = 60;
    public const int MaxMessageRetentionPeriodSeconds = 1_209_600;
    public const int MaxWaitTimeSeconds = 20;
    public const int MaxMessagesPerReceive = 10;
    public const int MaxBatchEntries = 10;
    public const int MaxMessageAttributes = 10;
    public const int MaxReceiveCountLimit = 1_000;
    public const int MaxQueueNameLength = 80;
}

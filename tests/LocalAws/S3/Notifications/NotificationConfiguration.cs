namespace GapTools.LocalAws.S3.Notifications;

/// <summary>Where a notification goes: an SQS queue directly, or an SNS topic (delivered to its same-named queue).</summary>
internal enum NotificationDestination
{
    Queue,
    Topic,
}

/// <summary>One QueueConfiguration or TopicConfiguration of a bucket.</summary>
internal sealed record NotificationTarget(
    string Id,
    NotificationDestination Destination,
    Arn Arn,
    IReadOnlyList<string> Events,
    string? Prefix,
    string? Suffix)
{
    /// <summary>True when one of the configured events (wildcards included) covers <paramref name="eventName"/>
    /// (<c>ObjectCreated:Put</c>) and the key passes the prefix and suffix filters.</summary>
    public bool Matches(string eventName, string key) =>
        Events.Any(e => S3EventNames.Covers(e, "s3:" + eventName))
        && (Prefix is null || key.StartsWith(Prefix, StringComparison.Ordinal))
        && (Suffix is null || key.EndsWith(Suffix, StringComparison.Ordinal));
}

/// <summary>A bucket's notification configuration, as PutBucketNotificationConfiguration replaces it.</summary>
internal sealed record NotificationConfiguration(IReadOnlyList<NotificationTarget> Targets, bool EventBridge)
{
    public static readonly NotificationConfiguration Empty = new([], EventBridge: false);
}

/// <summary>An ARN split into the parts notifications need.</summary>
internal sealed record Arn(string Service, string Region, string Account, string Resource)
{
    public static bool TryParse(string text, out Arn? arn)
    {
        arn = null;
        var parts = text.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[1].Length == 0 || parts[5].Length == 0)
        {
            return false;
        }

        arn = new Arn(parts[2], parts[3], parts[4], parts[5]);
        return true;
    }

    public string Partition { get; init; } = "aws";

    public override string ToString() => $"arn:{Partition}:{Service}:{Region}:{Account}:{Resource}";
}

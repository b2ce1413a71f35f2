namespace GapTools.LocalAws.S3.Notifications;

/// <summary>One message for one SQS queue (by ARN, or by name for EventBridge targets).</summary>
internal sealed record S3Delivery(string Queue, string Body);

/// <summary>
/// Decides which queues get which body for an object change. LocalAws has no SNS and no EventBridge:
/// a topic <c>arn:aws:sns:r:a:NAME</c> is delivered, SNS-wrapped, to the queue <c>arn:aws:sqs:r:a:NAME</c>, and
/// EventBridge events go to the queues named by <see cref="S3Store.SetEventBridgeTarget"/> (standing in for a rule).
/// </summary>
internal static class S3NotificationRouter
{
    public static IEnumerable<S3Delivery> Route(
        NotificationConfiguration configuration,
        IReadOnlyList<string> eventBridgeTargets,
        S3ObjectEvent change,
        Func<string> newId)
    {
        foreach (var target in configuration.Targets.Where(t => t.Matches(change.EventName, change.Key)))
        {
            var body = S3EventMessages.Notification(change, target.Id);
            yield return Wrap(target, body, change.Time, newId);
        }

        if (configuration.EventBridge)
        {
            foreach (var queue in eventBridgeTargets)
            {
                yield return new S3Delivery(queue, S3EventMessages.EventBridge(change, newId()));
            }
        }
    }

    /// <summary>The s3:TestEvent S3 sends to every queue and topic when a configuration is saved.</summary>
    public static IEnumerable<S3Delivery> TestEvents(
        NotificationConfiguration configuration, string bucket, DateTimeOffset time, S3Requester requester, Func<string> newId) =>
        configuration.Targets
            .DistinctBy(t => t.Arn.ToString())
            .Select(t => Wrap(t, S3EventMessages.TestEvent(bucket, time, requester), time, newId));

    private static S3Delivery Wrap(NotificationTarget target, string body, DateTimeOffset time, Func<string> newId) =>
        target.Destination == NotificationDestination.Queue
            ? new S3Delivery(target.Arn.ToString(), body)
            : new S3Delivery(QueueForTopic(target.Arn), S3EventMessages.SnsEnvelope(target.Arn.ToString(), body, newId(), time));

    public static string QueueForTopic(Arn topic) => (topic with { Service = "sqs" }).ToString();
}

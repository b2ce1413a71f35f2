using GapTools.S3ToRedshift.Sink;
using GapTools.Workers.Sqs;

namespace GapTools.S3ToRedshift.Acknowledgement;

/// <summary>
/// The last step of one message: once every object it named is settled, what happens to the message. Pure. A failed
/// load (bad data, missing table) comes back after <c>FailedMessageDelay</c> so the queue's redrive policy moves it
/// to the DLQ after maxReceiveCount; a transient failure brings it back after the delay its objects ask for (growing
/// with an outage of the sink, never at once), a stop releases it at once; an object no target can ever take
/// dead-letters it; otherwise it is deleted.
/// </summary>
internal static class MessageSettlement
{
    /// <summary>One object's load into one table.</summary>
    public readonly record struct ObjectLoad(string Bucket, string Key, string Table, ObjectLoadResult Result);

    public static MessageDisposition Decide(IReadOnlyList<ObjectLoad> loads, IReadOnlyList<string> undeliverable, TimeSpan failedMessageDelay)
    {
        if (loads.FirstOrDefault(l => l.Result.Status == ObjectLoadStatus.Failed) is { Bucket: not null } failed)
        {
            return MessageDisposition.RetryAfter(failedMessageDelay, $"s3://{failed.Bucket}/{failed.Key} into {failed.Table}: {failed.Result.Reason}");
        }

        var retries = loads.Where(l => l.Result.Status == ObjectLoadStatus.Retry).ToList();
        if (retries.Count > 0)
        {
            // The longest delay any object asks for: an outage of the sink must not bring the message back early.
            var delay = retries.Max(r => r.Result.RetryDelay ?? failedMessageDelay);
            var reason = retries[0].Result.Reason ?? "not loaded yet";
            return delay > TimeSpan.Zero ? MessageDisposition.RetryAfter(delay, reason) : MessageDisposition.ReleaseBecause(reason);
        }

        return undeliverable.Count > 0 ? MessageDisposition.DeadLetter(string.Join("; ", undeliverable)) : MessageDisposition.Delete;
    }
}

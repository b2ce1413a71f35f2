using GapTools.Core.Sqs;

namespace GapTools.S3ToRedshift.Acknowledgement;

/// <summary>Maps the tool's verdict to Core's SQS disposition (deletes are batched by the consumer).</summary>
internal static class VerdictMapping
{
    public static MessageDisposition ToDisposition(MessageVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return verdict.Kind switch
        {
            MessageVerdictKind.Delete => MessageDisposition.Delete,
            MessageVerdictKind.Release => MessageDisposition.Release,
            MessageVerdictKind.RetryAfter => MessageDisposition.RetryAfter(verdict.Delay),
            _ => MessageDisposition.DeadLetter(verdict.Reason ?? "not processable"),
        };
    }
}

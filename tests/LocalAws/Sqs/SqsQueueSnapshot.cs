namespace GapTools.LocalAws.Sqs;

/// <summary>
/// Message counts of one queue at one instant (GetQueueAttributes' ApproximateNumberOfMessages,
/// …NotVisible and …Delayed, but exact).
/// </summary>
public sealed record SqsQueueSnapshot(int Visible, int InFlight, int Delayed)
{
    public int Total => Visible + InFlight + Delayed;
}

using GapTools.LocalAws.Sqs;

namespace GapTools.LocalAws;

public sealed partial class LocalAwsState
{
    private SqsStore? sqs;

    /// <summary>Emulated SQS queues (account 000000000000, us-east-1).</summary>
    public SqsStore Sqs => LazyInitializer.EnsureInitialized(ref sqs, () => new SqsStore(Time));
}

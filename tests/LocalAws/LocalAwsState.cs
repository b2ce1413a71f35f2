namespace GapTools.LocalAws;

/// <summary>
/// In-memory state of every emulated service. Each service folder adds its store in a partial file
/// (<c>S3/LocalAwsState.S3.cs</c>, …) so services can reach each other (S3 notifications → SQS, COPY → S3).
/// </summary>
public sealed partial class LocalAwsState(TimeProvider time)
{
    public TimeProvider Time { get; } = time;
}

namespace GapTools.Workers.Sqs;

/// <summary>Totals for <see cref="SqsConsumerSummary"/>, updated from several threads.</summary>
internal sealed class SqsConsumerCounters
{
    private long _received;
    private long _deleted;
    private long _released;
    private long _retriedLater;
    private long _deadLettered;
    private long _handlerFailures;
    private long _acknowledgementFailures;

    public void Received(int count) => Interlocked.Add(ref _received, count);

    public void Deleted(int count) => Interlocked.Add(ref _deleted, count);

    public void Released(int count) => Interlocked.Add(ref _released, count);

    public void RetriedLater(int count) => Interlocked.Add(ref _retriedLater, count);

    public void DeadLettered() => Interlocked.Increment(ref _deadLettered);

    public void HandlerFailure() => Interlocked.Increment(ref _handlerFailures);

    public void AcknowledgementFailures(int count) => Interlocked.Add(ref _acknowledgementFailures, count);

    public SqsConsumerSummary ToSummary(SqsStopReason reason) => new(
        Interlocked.Read(ref _received),
        Interlocked.Read(ref _deleted),
        Interlocked.Read(ref _released),
        Interlocked.Read(ref _retriedLater),
        Interlocked.Read(ref _deadLettered),
        Interlocked.Read(ref _handlerFailures),
        Interlocked.Read(ref _acknowledgementFailures),
        reason);
}

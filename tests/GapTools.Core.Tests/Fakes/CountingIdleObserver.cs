using GapTools.Workers.Sqs;

namespace GapTools.Core.Tests.Fakes;

/// <summary>Counts empty receives and runs an optional callback (for example to flush a pretend batch).</summary>
public sealed class CountingIdleObserver(Action? onIdle = null) : IQueueIdleObserver
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public ValueTask OnQueueIdleAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        onIdle?.Invoke();
        return ValueTask.CompletedTask;
    }
}

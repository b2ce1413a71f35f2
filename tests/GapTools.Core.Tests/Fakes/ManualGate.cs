using GapTools.Workers.Sqs;

namespace GapTools.Core.Tests.Fakes;

/// <summary>A receive gate opened and closed by the test; counts how often the consumer waited on it.</summary>
public sealed class ManualGate : IReceiveGate
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waits;

    public int Waits => Volatile.Read(ref _waits);

    public void Open()
    {
        lock (_lock)
        {
            _open.TrySetResult();
        }
    }

    public void Close()
    {
        lock (_lock)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public ValueTask WaitUntilOpenAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waits);
        lock (_lock)
        {
            return new ValueTask(_open.Task.WaitAsync(cancellationToken));
        }
    }
}

namespace GapTools.Workers.Sqs;

/// <summary>
/// The unsettled messages plus the slots that bound them (<see cref="SqsConsumerOptions.MaxInFlight"/>). A poller
/// reserves slots before receiving; each received message holds one slot until it is removed.
/// </summary>
internal sealed class InFlightSet(int capacity, SqsConsumerMetrics metrics)
{
    private readonly Lock _gate = new();
    private readonly HashSet<InFlightMessage> _messages = [];
    private int _freeSlots = capacity;
    private TaskCompletionSource _slotFreed = NewSignal();
    private TaskCompletionSource _empty = Completed();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>True while some message's handler has not produced an outcome yet.</summary>
    public bool AnyUnclaimed
    {
        get
        {
            lock (_gate)
            {
                return _messages.Any(m => !m.IsClaimed);
            }
        }
    }

    /// <summary>Completes when no message is in flight.</summary>
    public Task WhenEmpty
    {
        get
        {
            lock (_gate)
            {
                return _empty.Task;
            }
        }
    }

    /// <summary>Waits for a free slot, then takes up to <paramref name="max"/> of those free now.</summary>
    public async Task<int> ReserveAsync(int max, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task slotFreed;
            lock (_gate)
            {
                if (_freeSlots > 0)
                {
                    var reserved = Math.Min(max, _freeSlots);
                    _freeSlots -= reserved;
                    return reserved;
                }

                slotFreed = _slotFreed.Task;
            }

            await slotFreed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives back reserved slots that no message filled.</summary>
    public void ReturnSlots(int count)
    {
        if (count <= 0)
        {
            return;
        }

        TaskCompletionSource signal;
        lock (_gate)
        {
            _freeSlots += count;
            signal = _slotFreed;
            _slotFreed = NewSignal();
        }

        signal.TrySetResult();
    }

    /// <summary>Adds a message into a slot reserved with <see cref="ReserveAsync"/>.</summary>
    public void Add(InFlightMessage message)
    {
        lock (_gate)
        {
            _messages.Add(message);
            if (_messages.Count == 1)
            {
                _empty = NewSignal();
            }
        }

        metrics.OnInFlightChanged(1);
    }

    /// <summary>Removes a settled message and frees its slot; a no-op if it is not in the set.</summary>
    public void Remove(InFlightMessage message)
    {
        TaskCompletionSource? nowEmpty = null;
        lock (_gate)
        {
            if (!_messages.Remove(message))
            {
                return;
            }

            if (_messages.Count == 0)
            {
                nowEmpty = _empty;
            }
        }

        metrics.OnInFlightChanged(-1);
        ReturnSlots(1);
        nowEmpty?.TrySetResult();
    }

    public IReadOnlyList<InFlightMessage> Snapshot()
    {
        lock (_gate)
        {
            return [.. _messages];
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource Completed()
    {
        var signal = NewSignal();
        signal.SetResult();
        return signal;
    }
}

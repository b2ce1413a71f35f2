namespace GapTools.S3ToCloudSearch.Batching;

/// <summary>
/// Collects the documents bound for one endpoint into batches for its single uploader. Producers (messages being
/// read) append; a batch is handed over when the next document would not fit, or as soon as no producer is still
/// reading, so small messages are not held back waiting to fill a batch. At most one full batch waits besides the
/// one filling: a producer that would need a third waits until the uploader takes one (back-pressure keeps memory
/// bounded).
/// </summary>
internal sealed class BatchQueue(int maxBatchBytes)
{
    private readonly Lock gate = new();
    private readonly Stack<OutgoingBatch> spare = new();
    private OutgoingBatch current = new(maxBatchBytes);
    private OutgoingBatch? full;
    private int producers;
    private TaskCompletionSource ready = NewSignal();
    private TaskCompletionSource room = NewSignal();

    public int MaxBatchBytes { get; } = maxBatchBytes;

    /// <summary>Registers a producer; dispose the lease when it has added its last document.</summary>
    public IDisposable Enter()
    {
        lock (gate)
        {
            producers++;
        }

        return new Lease(this);
    }

    /// <summary>Appends a document, waiting while both the filling and the waiting batch are full.</summary>
    public async ValueTask AddAsync(ReadOnlyMemory<byte> document, DocumentOrigin origin, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (gate)
            {
                if (current.TryAdd(document.Span, origin))
                {
                    return;
                }

                if (full is null)
                {
                    full = current;
                    current = spare.Count > 0 ? spare.Pop() : new OutgoingBatch(MaxBatchBytes);
                    current.TryAdd(document.Span, origin);
                    Signal(ref ready);
                    return;
                }

                wait = room.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until a batch can be taken (the uploader stops by cancellation).</summary>
    public async ValueTask WaitReadyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (gate)
            {
                if (IsReady)
                {
                    return;
                }

                wait = ready.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The full batch if there is one, else the filling batch if it has documents, else null.</summary>
    public OutgoingBatch? Take()
    {
        lock (gate)
        {
            OutgoingBatch? taken;
            if (full is not null)
            {
                (taken, full) = (full, null);
            }
            else if (current.Count > 0)
            {
                taken = current;
                current = spare.Count > 0 ? spare.Pop() : new OutgoingBatch(MaxBatchBytes);
            }
            else
            {
                return null;
            }

            Signal(ref room);
            return taken;
        }
    }

    /// <summary>Gives an uploaded batch's buffer back for reuse.</summary>
    public void Return(OutgoingBatch batch)
    {
        batch.Clear();
        lock (gate)
        {
            if (spare.Count < 2 && batch.Documents.MaxBatchBytes == MaxBatchBytes)
            {
                spare.Push(batch);
            }
        }
    }

    // Ready: a full batch waits, or documents wait and nobody is adding more.
    private bool IsReady => full is not null || (current.Count > 0 && producers == 0);

    private void Leave()
    {
        lock (gate)
        {
            producers--;
            if (IsReady)
            {
                Signal(ref ready);
            }
        }
    }

    private static void Signal(ref TaskCompletionSource signal)
    {
        signal.TrySetResult();
        signal = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Lease(BatchQueue owner) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Leave();
            }
        }
    }
}

namespace GapTools.S3ToCloudSearch.Batching;

/// <summary>
/// Collects the documents bound for one endpoint into batches for its single uploader. Producers (messages being
/// read) append; a batch is handed over when the next document would not fit, when its first document has waited
/// <c>maxWait</c>, or once no producer is still reading and more documents are not worth waiting for: a producer
/// that leaves without holding (an event file, a backfill page, a Lambda invocation: nothing more comes until it
/// completes), a <see cref="Flush"/> (the queue is drained, stopping), or <c>maxWait</c> zero. Messages received from
/// SQS hold: their batch keeps filling from the messages received after them, up to <c>maxWait</c>. At most one full
/// batch waits besides the one filling: a producer that would need a third waits until the uploader takes one
/// (back-pressure keeps memory bounded).
/// </summary>
internal sealed class BatchQueue(int maxBatchBytes, TimeSpan maxWait = default, TimeProvider? time = null)
{
    private readonly Lock gate = new();
    private readonly Stack<OutgoingBatch> spare = new();
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private OutgoingBatch current = new(maxBatchBytes);
    private OutgoingBatch? full;
    private int producers;
    private long openedAt;
    private bool flushRequested;
    private TaskCompletionSource ready = NewSignal();
    private TaskCompletionSource room = NewSignal();

    public int MaxBatchBytes { get; } = maxBatchBytes;

    /// <summary>How long the first document of a batch may wait for the batch to fill; zero: until no producer reads.</summary>
    public TimeSpan MaxWait { get; } = maxWait;

    /// <summary>
    /// Registers a producer; dispose the lease when it has added its last document. A producer that does not
    /// <paramref name="hold"/> asks, as it leaves, for the partial batch to go as soon as no producer is reading.
    /// </summary>
    public IDisposable Enter(bool hold = false)
    {
        lock (gate)
        {
            producers++;
        }

        return new Lease(this, hold);
    }

    /// <summary>Sends the partial batch as soon as no producer is reading (queue drained, stopping, all work handed over).</summary>
    public void Flush()
    {
        lock (gate)
        {
            flushRequested = true;
            if (IsReady)
            {
                Signal(ref ready);
            }
        }
    }

    /// <summary>Appends a document, waiting while both the filling and the waiting batch are full.</summary>
    public async ValueTask AddAsync(ReadOnlyMemory<byte> document, DocumentOrigin origin, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (gate)
            {
                var wasEmpty = current.Count == 0;
                if (current.TryAdd(document.Span, origin))
                {
                    if (wasEmpty)
                    {
                        openedAt = clock.GetTimestamp();
                    }

                    return;
                }

                if (full is null)
                {
                    full = current;
                    current = spare.Count > 0 ? spare.Pop() : new OutgoingBatch(MaxBatchBytes);
                    current.TryAdd(document.Span, origin);
                    openedAt = clock.GetTimestamp();
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
            TimeSpan? due = null;
            lock (gate)
            {
                if (IsReady)
                {
                    return;
                }

                wait = ready.Task;
                if (MaxWait > TimeSpan.Zero && current.Count > 0)
                {
                    due = MaxWait - clock.GetElapsedTime(openedAt);
                }
            }

            if (due is { } timeout)
            {
                // The filling batch's max wait: it goes then, however full.
                try
                {
                    await wait.WaitAsync(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout, clock, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                }
            }
            else
            {
                await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
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
                if (producers == 0)
                {
                    flushRequested = false; // Everything handed over before the flush is on its way.
                }
            }
            else
            {
                flushRequested = false;
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

    // Ready: a full batch waits, or documents wait and either nobody is adding more and waiting is not wanted, or the
    // first of them has waited MaxWait.
    private bool IsReady =>
        full is not null
        || (current.Count > 0
            && ((producers == 0 && (flushRequested || MaxWait <= TimeSpan.Zero))
                || (MaxWait > TimeSpan.Zero && clock.GetElapsedTime(openedAt) >= MaxWait)));

    private void Leave(bool hold)
    {
        lock (gate)
        {
            producers--;
            flushRequested |= !hold;
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

    private sealed class Lease(BatchQueue owner, bool hold) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Leave(hold);
            }
        }
    }
}

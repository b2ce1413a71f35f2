namespace GapTools.S3ToCloudSearch.Acknowledgement;

/// <summary>
/// The documents of one acknowledgeable piece of work: an SQS message (all its objects), one entry of an event
/// file, or one backfill listing page. It completes when it is sealed (every document read) and every document added
/// has been resolved: uploaded and acknowledged by CloudSearch, or reported as an error line. Only then may its
/// message be deleted. Documents of several units may share a batch.
/// </summary>
#pragma warning disable CA1001 // Its token source has no timer and is never linked: there is nothing to release.
internal sealed class WorkUnit(string name)
#pragma warning restore CA1001
{
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource failed = new();
    private long added;
    private long resolved;
    private int sealedFlag;

    /// <summary>For logs: the message id or object.</summary>
    public string Name { get; } = name;

    /// <summary>Completes when every document is resolved; faults with the first upload failure.</summary>
    public Task Completion => completion.Task;

    /// <summary>Cancelled when the unit has failed: reading more of its objects would only fill batches for nothing.</summary>
    public CancellationToken Failed => failed.Token;

    public long Added => Interlocked.Read(ref added);

    public long Resolved => Interlocked.Read(ref resolved);

    /// <summary>Called before a document is handed to a batch.</summary>
    public void DocumentAdded() => Interlocked.Increment(ref added);

    /// <summary>Called when documents were uploaded or reported.</summary>
    public void DocumentsResolved(long count)
    {
        Interlocked.Add(ref resolved, count);
        CompleteIfDone();
    }

    /// <summary>No more documents will be added.</summary>
    public void Seal()
    {
        Volatile.Write(ref sealedFlag, 1);
        CompleteIfDone();
    }

    /// <summary>A batch holding some of this unit's documents could not be uploaded: the unit cannot complete.</summary>
    public void Fail(Exception error)
    {
        if (completion.TrySetException(error))
        {
            // Asynchronously: the callbacks (its readers stopping) must not run on the uploader that failed it.
            _ = failed.CancelAsync();
        }
    }

    private void CompleteIfDone()
    {
        // Read resolved after added: a document is always added before it can be resolved.
        if (Volatile.Read(ref sealedFlag) == 1 && Interlocked.Read(ref resolved) >= Interlocked.Read(ref added))
        {
            completion.TrySetResult();
        }
    }
}

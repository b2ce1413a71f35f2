using System.Collections.Concurrent;
using GapTools.LocalAws.Redshift.Copy;

namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>
/// Plays a <see cref="CopyCostModel"/> on a proxy's sessions: a COPY waits its cost while holding its table's gate
/// (concurrent COPYs into one table are serialised on Redshift), a commit of a transaction that loaded waits its
/// cost in the cluster's one commit queue. The wait delays only the session that ran the statement.
/// </summary>
#pragma warning disable CA1001 // SemaphoreSlim holds no handle unless AvailableWaitHandle is used; clocks are swapped, not disposed.
internal sealed class CopyCostClock(CopyCostModel model)
#pragma warning restore CA1001
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> tableGates = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim commitQueue = new(1, 1);

    public static CopyCostClock Off { get; } = new(CopyCostModel.None);

    public CopyCostModel Model => model;

    public Task CopyAsync(CopyTranslation copy, CancellationToken cancellationToken) =>
        model.IsNone ? Task.CompletedTask
            : WaitInAsync(tableGates.GetOrAdd(copy.Table, _ => new SemaphoreSlim(1, 1)), model.Copy(copy.Files, copy.Bytes), cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) =>
        model.IsNone ? Task.CompletedTask : WaitInAsync(commitQueue, model.PerCommit, cancellationToken);

    private static async Task WaitInAsync(SemaphoreSlim gate, TimeSpan cost, CancellationToken cancellationToken)
    {
        if (cost <= TimeSpan.Zero)
        {
            return;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            await Task.Delay(cost, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }
}

namespace GapTools.Workers.Sqs;

/// <summary>
/// Draining with short polls: each receive holds one of the pollers' permits; the drain confirmation holds them all,
/// so no receive is under way (no message received and not yet dispatched) while it checks that nothing is in
/// flight and one more receive finds nothing.
/// </summary>
internal sealed class DrainCheck(int pollers) : IDisposable
{
    private readonly SemaphoreSlim _receives = new(pollers, pollers);
    private readonly SemaphoreSlim _confirming = new(1, 1);

    public Task WaitAsync(CancellationToken cancellationToken) => _receives.WaitAsync(cancellationToken);

    public void Release() => _receives.Release();

    /// <summary>Takes every permit (one confirmation at a time).</summary>
    public async Task WaitAllAsync(CancellationToken cancellationToken)
    {
        await _confirming.WaitAsync(cancellationToken).ConfigureAwait(false);
        var taken = 0;
        try
        {
            for (; taken < pollers; taken++)
            {
                await _receives.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            if (taken > 0)
            {
                _receives.Release(taken);
            }

            _confirming.Release();
            throw;
        }
    }

    public void ReleaseAll()
    {
        _receives.Release(pollers);
        _confirming.Release();
    }

    public void Dispose()
    {
        _receives.Dispose();
        _confirming.Dispose();
    }
}

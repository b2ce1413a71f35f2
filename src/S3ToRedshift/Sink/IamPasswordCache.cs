namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// Temporary database passwords from GetClusterCredentials, fetched when a new connection needs one and reused
/// until two thirds of their lifetime has passed (so none is presented close to expiry). A rejected login
/// (SQLSTATE 28P01: expired, or revoked) invalidates the cache, and the retried attempt fetches a new password.
/// </summary>
internal sealed class IamPasswordCache(Func<CancellationToken, Task<ClusterCredentials>> issue, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ClusterCredentials? _current;
    private DateTimeOffset _refreshAt;

    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && time.GetUtcNow() < _refreshAt)
        {
            return current.DbPassword;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is null || time.GetUtcNow() >= _refreshAt)
            {
                var issued = await issue(cancellationToken).ConfigureAwait(false);
                var now = time.GetUtcNow();
                _refreshAt = now + ((issued.Expiration - now) * 2 / 3);
                Volatile.Write(ref _current, issued);
            }

            return _current.DbPassword;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The password was refused: fetch a new one next time.</summary>
    public void Invalidate() => Volatile.Write(ref _current, null);

    public void Dispose() => _gate.Dispose();
}

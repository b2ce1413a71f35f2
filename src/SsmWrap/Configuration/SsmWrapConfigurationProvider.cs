using GapTools.SsmWrap.Mapping;
using Microsoft.Extensions.Configuration;

namespace GapTools.SsmWrap;

/// <summary>
/// Owns load, reload and the failure policy: <see cref="SsmWrapConfigurationSource.Optional"/>, then
/// <see cref="SsmWrapConfigurationSource.OnLoadException"/>. Mapping problems (two parameters for one key) always throw
/// on the first load. A reload raises the change token only when some value changed.
/// </summary>
internal sealed class SsmWrapConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly SsmWrapConfigurationSource _source;
    private readonly SsmRule _rule;
    private readonly SsmParameterLoader _loader;
    private readonly IDisposable? _ownedClient;
    private readonly CancellationTokenSource _disposed = new();
    private ITimer? _timer;
    private int _reloading;

    public SsmWrapConfigurationProvider(SsmWrapConfigurationSource source, SsmRule rule, SsmParameterLoader loader, IDisposable? ownedClient)
    {
        _source = source;
        _rule = rule;
        _loader = loader;
        _ownedClient = ownedClient;
    }

    public override void Load()
    {
        // ConfigurationBuilder.Build is synchronous; run off any synchronization context.
        Task.Run(() => LoadAsync(reload: false, _disposed.Token)).GetAwaiter().GetResult();
        if (_source.ReloadAfter is { } period && _timer is null)
        {
            _timer = _source.LoaderOptions.TimeProvider.CreateTimer(_ => _ = ReloadAsync(), null, period, period);
        }
    }

    /// <summary>One reload; skipped while another is running. The timer calls it; tests call it directly.</summary>
    internal async Task ReloadAsync()
    {
        if (Interlocked.Exchange(ref _reloading, 1) == 1)
        {
            return;
        }

        try
        {
            await LoadAsync(reload: true, _disposed.Token).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _reloading, 0);
        }
    }

    public override string ToString() => $"{nameof(SsmWrapConfigurationProvider)} {_rule.Selector}";

    public void Dispose()
    {
        _timer?.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
        _ownedClient?.Dispose();
    }

    private async Task LoadAsync(bool reload, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _loader.LoadAsync([_rule], KeyFormat.Configuration, cancellationToken).ConfigureAwait(false);
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in result.Variables)
            {
                data[key] = value;
            }

            if (!SameData(Data, data))
            {
                Data = data;
                if (reload)
                {
                    OnReload();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed while loading.
        }
        catch (Exception e) when (!reload && e is SsmWrapException { IsMappingProblem: true })
        {
            throw;
        }
        catch (Exception e)
        {
            if (_source.Optional && !reload)
            {
                return;
            }

            var context = new SsmWrapLoadExceptionContext(this, e, reload);
            _source.OnLoadException?.Invoke(context);
            // A reload runs on a timer: there is no caller to throw to, so the last good values stay.
            if (!context.Ignore && !reload)
            {
                throw;
            }
        }
    }

    private static bool SameData(IDictionary<string, string?> current, Dictionary<string, string?> next) =>
        current.Count == next.Count
        && current.All(pair => next.TryGetValue(pair.Key, out var value) && string.Equals(value, pair.Value, StringComparison.Ordinal));
}

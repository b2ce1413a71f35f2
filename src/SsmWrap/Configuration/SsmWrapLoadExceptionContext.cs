using Microsoft.Extensions.Configuration;

namespace GapTools.SsmWrap;

/// <summary>Given to <see cref="SsmWrapConfigurationSource.OnLoadException"/> when a load or reload fails.</summary>
public sealed class SsmWrapLoadExceptionContext
{
    internal SsmWrapLoadExceptionContext(IConfigurationProvider provider, Exception exception, bool reload)
    {
        Provider = provider;
        Exception = exception;
        Reload = reload;
        Ignore = reload;
    }

    /// <summary>The provider whose load failed.</summary>
    public IConfigurationProvider Provider { get; }

    /// <summary>What failed. Its message names parameters, never values.</summary>
    public Exception Exception { get; }

    /// <summary>True for a periodic reload, false for the first load.</summary>
    public bool Reload { get; }

    /// <summary>
    /// Set to true to carry on without the values. Defaults to false for the first load (it throws) and true for a
    /// reload (the last good values stay).
    /// </summary>
    public bool Ignore { get; set; }
}

using Amazon.SimpleSystemsManagement;
using Microsoft.Extensions.Configuration;

namespace GapTools.SsmWrap;

/// <summary>
/// Parameters below <see cref="Path"/> as configuration: <c>/myapp/Logging/LogLevel/Default</c> under path
/// <c>/myapp</c> becomes <c>Logging:LogLevel:Default</c>. Add it with
/// <see cref="Microsoft.Extensions.Configuration.SsmWrapConfigurationExtensions.AddSsmWrap"/>.
/// </summary>
public sealed class SsmWrapConfigurationSource : IConfigurationSource
{
    /// <summary>The hierarchy to read recursively (<c>/myapp</c>), or one <c>/aws/reference/secretsmanager/&lt;id&gt;</c>.</summary>
    public string Path { get; set; } = "";

    /// <summary>Expand JSON object values into child keys (<c>name:key</c>). Defaults to false.</summary>
    public bool Json { get; set; }

    /// <summary>When true, a failed load leaves this source empty instead of throwing. Defaults to false.</summary>
    public bool Optional { get; set; }

    /// <summary>Reload period; change tokens fire only when a value changed. Defaults to null (no reload).</summary>
    public TimeSpan? ReloadAfter { get; set; }

    /// <summary>Called when a load fails; may set <see cref="SsmWrapLoadExceptionContext.Ignore"/>. Defaults to null.</summary>
    public Action<SsmWrapLoadExceptionContext>? OnLoadException { get; set; }

    /// <summary>The client to use. Null (the default) creates one from the environment, once, with SDK retries off.</summary>
    public IAmazonSimpleSystemsManagement? Client { get; set; }

    /// <summary>Retries, concurrency, logging and clock. Defaults to <see cref="SsmParameterLoaderOptions"/>' defaults.</summary>
    public SsmParameterLoaderOptions LoaderOptions { get; set; } = new();

    /// <inheritdoc/>
    public IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        var ownedClient = Client is null ? SsmParameterLoader.CreateClient() : null;
        return CreateProvider(new SsmParameterLoader(Client ?? ownedClient!, LoaderOptions), ownedClient);
    }

    internal SsmWrapConfigurationProvider CreateProvider(SsmParameterLoader loader, IDisposable? ownedClient = null)
    {
        var rule = new SsmRule(SelectorOf(Path), new EnvDestination
        {
            Mapping = new VariableMapping { Json = Json, StringList = StringListMode.Indexed },
        });
        return new SsmWrapConfigurationProvider(this, rule, loader, ownedClient);
    }

    internal static ParameterSelector SelectorOf(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return ParameterSelector.IsSecretReferenceName(path)
            ? ParameterSelector.Parse(path)
            : ParameterSelector.Parse(path.TrimEnd('/') + "/**/*");
    }
}

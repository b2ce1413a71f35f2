using GapTools.SsmWrap;

// In the configuration namespace, where .NET users look for configuration sources (as AddSystemsManager is).
namespace Microsoft.Extensions.Configuration;

/// <summary>Adds SSM Parameter Store to an <see cref="IConfigurationBuilder"/>.</summary>
public static class SsmWrapConfigurationExtensions
{
    /// <summary>
    /// Adds every parameter below <paramref name="path"/> (recursively) as configuration, <c>/</c> becoming <c>:</c>.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="path">A hierarchy such as <c>/myapp</c>, or <c>/aws/reference/secretsmanager/&lt;id&gt;</c>.</param>
    /// <param name="configure">Sets <see cref="SsmWrapConfigurationSource.Optional"/>, reload, client and so on.</param>
    public static IConfigurationBuilder AddSsmWrap(this IConfigurationBuilder builder, string path, Action<SsmWrapConfigurationSource>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var source = new SsmWrapConfigurationSource { Path = path };
        configure?.Invoke(source);
        _ = SsmWrapConfigurationSource.SelectorOf(source.Path); // a bad path fails here, not at Build()
        return builder.Add(source);
    }
}

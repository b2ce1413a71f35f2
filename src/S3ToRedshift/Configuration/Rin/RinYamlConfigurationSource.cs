using Microsoft.Extensions.Configuration;

namespace GapTools.S3ToRedshift.Configuration.Rin;

/// <summary>Adds a Rin <c>config.yaml</c> as a configuration source: every key under <see cref="Section"/> (<c>queue_name</c> as <c>S3ToRedshift:Sqs:Queue</c>).</summary>
public sealed class RinYamlConfigurationSource : IConfigurationSource
{
    /// <summary>Path of the YAML file.</summary>
    public required string Path { get; init; }

    /// <summary>Section the keys go under. Defaults to <c>S3ToRedshift</c>.</summary>
    public string Section { get; init; } = S3ToRedshiftDefaults.SectionName;

    /// <summary>Environment lookup for <c>{{ env }}</c>/<c>{{ must_env }}</c>. Defaults to the process environment.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>The source for a <c>--config</c> file ending in <c>.yaml</c> or <c>.yml</c>; null for any other file.</summary>
    public static RinYamlConfigurationSource? ForFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            ? new RinYamlConfigurationSource { Path = path }
            : null;
    }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new RinYamlConfigurationProvider(this);

    private sealed class RinYamlConfigurationProvider(RinYamlConfigurationSource source) : ConfigurationProvider
    {
        public override void Load()
        {
            string text;
            try
            {
                text = File.ReadAllText(source.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new RinConfigException(source.Path, [$"cannot be read: {e.Message}"]);
            }

            Data = RinConfigReader.Read(text, source.Path, source.Environment)
                .ToDictionary(
                    kv => $"{source.Section}:{kv.Key}",
                    kv => kv.Value,
                    StringComparer.OrdinalIgnoreCase);
        }
    }
}

/// <summary>Registers <see cref="RinYamlConfigurationSource"/>.</summary>
public static class RinYamlConfigurationExtensions
{
    /// <summary>Adds a Rin <c>config.yaml</c> (keys under <c>S3ToRedshift</c>); later sources override it.</summary>
    public static IConfigurationBuilder AddRinYaml(this IConfigurationBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new RinYamlConfigurationSource { Path = path });
    }
}

using System.Collections;

namespace GapTools.SsmWrap.Cli.Exec;

/// <summary>The command's environment: ours, with the SSM values on top.</summary>
internal static class EnvironmentBlock
{
    public static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string> overrides)
    {
        var merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            merged[name] = value;
        }

        return merged;
    }

    /// <summary><c>NAME=value</c> strings plus the trailing null execve expects.</summary>
    public static string?[] ToEnvp(IReadOnlyDictionary<string, string> environment) =>
        [.. environment.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value), null];
}

/// <summary>This process's environment as a dictionary.</summary>
internal static class CurrentEnvironment
{
    public static IReadOnlyDictionary<string, string> Read()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                variables[name] = value;
            }
        }

        return variables;
    }
}

using System.Collections;

namespace GapTools.Demo.Processes;

/// <summary>
/// The environment a tool runs with in the demo: this process's environment without any AWS_*, GAPTOOLS_* or
/// SSMWRAP_* variable from the developer's shell, plus fake static credentials and no instance metadata lookups,
/// so nothing can reach real AWS. Each step adds its endpoint variables.
/// </summary>
internal static class ChildEnvironment
{
    private static readonly string[] DroppedPrefixes = ["AWS_", "GAPTOOLS_", "SSMWRAP_"];

    public static Dictionary<string, string> Create(IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (!DroppedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            {
                environment[name] = entry.Value as string ?? "";
            }
        }

        environment["AWS_EC2_METADATA_DISABLED"] = "true";
        environment["AWS_ACCESS_KEY_ID"] = "test";
        environment["AWS_SECRET_ACCESS_KEY"] = "test";
        environment["AWS_REGION"] = "us-east-1";
        environment["AWS_DEFAULT_REGION"] = "us-east-1";
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return environment;
    }
}

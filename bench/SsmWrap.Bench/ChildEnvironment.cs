namespace GapTools.SsmWrap.Bench;

/// <summary>What ssmwrap runs with: this process's environment without AWS, SSMWRAP and runtime tuning variables, aimed at LocalAws.</summary>
internal static class ChildEnvironment
{
    public static IReadOnlyDictionary<string, string> For(Uri serviceUrl)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            // DOTNET_*/COMPlus_* knobs would tune the JIT build only; DOTNET_ROOT is kept so its apphost finds the runtime.
            var dropped = name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("SSMWRAP_", StringComparison.Ordinal)
                || name.StartsWith("COMPlus_", StringComparison.Ordinal)
                || (name.StartsWith("DOTNET_", StringComparison.Ordinal) && name != "DOTNET_ROOT");
            if (!dropped)
            {
                environment[name] = (string?)entry.Value ?? "";
            }
        }

        environment["AWS_ENDPOINT_URL_SSM"] = serviceUrl.ToString().TrimEnd('/');
        environment["AWS_ACCESS_KEY_ID"] = "test";
        environment["AWS_SECRET_ACCESS_KEY"] = "test";
        environment["AWS_REGION"] = "us-east-1";
        environment["AWS_DEFAULT_REGION"] = "us-east-1"; // as bench/Differential/differential.py gives the Go peer
        environment["AWS_EC2_METADATA_DISABLED"] = "true";
        return environment;
    }
}

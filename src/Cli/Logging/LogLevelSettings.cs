using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace GapTools.Cli.Logging;

/// <summary>
/// The levels of the <c>Logging</c> section (<c>Logging:LogLevel:&lt;category&gt;</c>, also under a provider such as
/// <c>Logging:Console:LogLevel</c>) and of <c>--log-level</c>, checked before any logger is built: a bad one is a
/// configuration error naming its key or flag, not an exception from inside the logging setup.
/// </summary>
internal static class LogLevelSettings
{
    /// <summary>The key <c>--log-level</c> sets; <c>Logging:LogLevel:&lt;category&gt;</c> keys still rank above it for their categories.</summary>
    public const string DefaultKey = "Logging:LogLevel:Default";

    /// <summary>The names a level may have, as configuration and <c>--log-level</c> take them (any case).</summary>
    public static readonly string[] Names = ["Trace", "Debug", "Information", "Warning", "Error", "Critical", "None"];

    /// <summary>The level named <paramref name="value"/> (any case); numbers are refused.</summary>
    public static bool TryParse(string value, out LogLevel level)
    {
        var index = Array.FindIndex(Names, n => n.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase));
        level = (LogLevel)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>The <c>--log-level</c> value as a configuration value, or a <see cref="FormatException"/> naming the flag.</summary>
    public static string FromFlag(string value) =>
        TryParse(value, out var level)
            ? level.ToString()
            : throw new FormatException($"--log-level '{value}' is not one of {string.Join('|', Names).ToLowerInvariant()}.");

    /// <summary>One line per level in <paramref name="configuration"/>'s <c>Logging</c> section that is not a level name.</summary>
    public static List<string> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var logging = configuration.GetSection("Logging");
        foreach (var section in logging.GetChildren())
        {
            var levels = section.Key.Equals("LogLevel", StringComparison.OrdinalIgnoreCase) ? section : section.GetSection("LogLevel");
            foreach (var level in levels.GetChildren())
            {
                // An empty value is ignored by the logging setup too.
                if (!string.IsNullOrWhiteSpace(level.Value) && !TryParse(level.Value, out _))
                {
                    problems.Add($"{level.Path} '{level.Value}' is not a log level ({string.Join(", ", Names)}).");
                }
            }
        }

        return problems;
    }
}

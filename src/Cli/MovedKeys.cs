using Microsoft.Extensions.Configuration;

namespace GapTools.Cli;

/// <summary>
/// Keys of the layout before each tool had its whole configuration under its own section. They are not read any
/// more; silently ignoring them would start a worker on no queue, so each one is named with its new key.
/// </summary>
internal static class MovedKeys
{
    public static IReadOnlyList<string> Find(IConfiguration configuration, string toolSection)
    {
        var problems = new List<string>();
        foreach (var (key, _) in configuration.GetSection("Sqs").AsEnumerable(makePathsRelative: true))
        {
            if (key.Length > 0 && configuration[$"Sqs:{key}"] is not null)
            {
                problems.Add($"Sqs:{key} is not read any more: the queue belongs to the tool's section, {toolSection}:Sqs:{key}.");
            }
        }

        return problems;
    }
}

using GapTools.SsmWrap.Cli.Arguments;

namespace GapTools.SsmWrap.Cli.Running;

/// <summary>-dry-run: the rules, the variable names and files with values masked, and the command.</summary>
internal static class DryRunReport
{
    public static void Write(TextWriter stdout, CliOptions options, SsmLoadResult? result)
    {
        var lines = new List<string> { $"ssmwrap dry run: {result?.ToString() ?? "no rules"}; values masked" };
        lines.AddRange(options.Rules.Select(r => "rule    " + r));
        lines.AddRange(result?.DescribeMasked().Select(d => (d.StartsWith('/') ? "file    " : "env     ") + d) ?? []);
        lines.Add(options.Command.Count == 0 ? "command (none)" : "command " + string.Join(' ', options.Command.Select(Quote)));
        if (options.Init)
        {
            lines.Add("init    yes" + (options.RefreshSignal is { } signal ? $", refresh on {Signals.Name(signal)}" : ""));
        }

        stdout.Write(string.Join('\n', lines) + "\n");
        stdout.Flush();
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@%+".Contains(c, StringComparison.Ordinal))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

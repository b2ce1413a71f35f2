using GapTools.SsmWrap.Cli.Arguments;

namespace GapTools.SsmWrap.Cli.Exec;

internal enum FileKind
{
    Missing,
    NotExecutable,
    Executable,
}

/// <summary>
/// execvp's PATH search, but against the environment the command will get (an SSM parameter may set PATH).
/// A name with a slash is used as is.
/// </summary>
internal static class CommandResolver
{
    /// <summary>The file to execute, or null when there is none. A non-executable match is returned so execve reports EACCES.</summary>
    public static string? Resolve(string command, string? path, Func<string, FileKind> kindOf)
    {
        if (command.Length == 0)
        {
            return null;
        }

        if (command.Contains('/', StringComparison.Ordinal))
        {
            return command;
        }

        string? notExecutable = null;
        foreach (var directory in (path ?? CliDefaults.DefaultPath).Split(':'))
        {
            // An empty entry means the current directory, as in execvp.
            var candidate = Path.Combine(directory.Length == 0 ? "." : directory, command);
            switch (kindOf(candidate))
            {
                case FileKind.Executable:
                    return candidate;
                case FileKind.NotExecutable:
                    notExecutable ??= candidate;
                    break;
            }
        }

        return notExecutable;
    }
}

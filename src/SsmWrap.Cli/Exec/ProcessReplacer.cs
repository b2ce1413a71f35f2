using System.Runtime.InteropServices;
using GapTools.SsmWrap.Cli.Logging;
using GapTools.SsmWrap.Cli.Native;
using Microsoft.Extensions.Logging;

namespace GapTools.SsmWrap.Cli.Exec;

/// <summary>Replaces ssmwrap with the command (execve): same PID, same stdin/stdout/stderr, the given environment.</summary>
internal static class ProcessReplacer
{
    public const int NotFound = 127;
    public const int CannotExecute = 126;

    /// <summary>Returns only when execve failed: 127 not found, 126 not executable.</summary>
    public static int Exec(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, ILogger logger)
    {
        var path = CommandResolver.Resolve(command[0], environment.GetValueOrDefault("PATH"), ExecPreparation.KindOf);
        if (path is null)
        {
            Log.CommandNotFound(logger, command[0]);
            return NotFound;
        }

        string?[] argv = [.. command, null];
        var envp = EnvironmentBlock.ToEnvp(environment);
        Console.Out.Flush();
        ExecPreparation.RestoreFileLimit();
        ExecPreparation.ResetSignals();
        _ = LibC.execve(path, argv, envp);

        var errno = Marshal.GetLastPInvokeError();
        Log.CannotExecute(logger, path, ExecPreparation.ErrorText(errno));
        return errno == LibC.ENOENT ? NotFound : CannotExecute;
    }
}

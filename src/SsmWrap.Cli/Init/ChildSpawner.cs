using System.Runtime.InteropServices;
using GapTools.SsmWrap.Cli.Exec;
using GapTools.SsmWrap.Cli.Native;

namespace GapTools.SsmWrap.Cli.Init;

/// <summary>The outcome of starting the child: its PID, or the exit code to give up with (127/126).</summary>
internal readonly record struct SpawnResult(int Pid, int FailureExitCode, string? Problem);

/// <summary>
/// Starts the command as a child with posix_spawn (safe in a multi-threaded process, unlike fork), with SIGPIPE
/// at its default and an empty signal mask, as execve mode does.
/// </summary>
internal static class ChildSpawner
{
    public static unsafe SpawnResult Spawn(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        var path = CommandResolver.Resolve(command[0], environment.GetValueOrDefault("PATH"), ExecPreparation.KindOf);
        if (path is null)
        {
            return new SpawnResult(0, ProcessReplacer.NotFound, $"command not found: {command[0]} (not a file, and not on PATH)");
        }

        var attributes = (nint)NativeMemory.AllocZeroed(LibC.SpawnAttrSize);
        var defaults = stackalloc byte[LibC.SigsetSize];
        var mask = stackalloc byte[LibC.SigsetSize];
        try
        {
            _ = LibC.posix_spawnattr_init(attributes);
            _ = LibC.sigemptyset((nint)defaults);
            _ = LibC.sigaddset((nint)defaults, LibC.SIGPIPE);
            _ = LibC.sigemptyset((nint)mask);
            _ = LibC.posix_spawnattr_setsigdefault(attributes, (nint)defaults);
            _ = LibC.posix_spawnattr_setsigmask(attributes, (nint)mask);
            _ = LibC.posix_spawnattr_setflags(attributes, LibC.POSIX_SPAWN_SETSIGDEF | LibC.POSIX_SPAWN_SETSIGMASK);
            ExecPreparation.RestoreFileLimit();

            // posix_spawn returns the error number itself (glibc reports the child's exec failure this way too).
            var error = LibC.posix_spawn(out var pid, path, 0, attributes, [.. command, null], EnvironmentBlock.ToEnvp(environment));
            return error == 0
                ? new SpawnResult(pid, 0, null)
                : new SpawnResult(0, error == LibC.ENOENT ? ProcessReplacer.NotFound : ProcessReplacer.CannotExecute, $"cannot execute {path}: {ExecPreparation.ErrorText(error)}");
        }
        finally
        {
            _ = LibC.posix_spawnattr_destroy(attributes);
            NativeMemory.Free((void*)attributes);
        }
    }
}

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using GapTools.SsmWrap.Cli.Native;

namespace GapTools.SsmWrap.Cli.Exec;

/// <summary>
/// Undoes what the .NET runtime changed in this process, so the command starts as if started by our parent:
/// SIGPIPE back to default (the runtime ignores it), an empty signal mask, and under JIT the open-files soft
/// limit (the JIT runtime raises it to the hard limit; AOT leaves it alone).
/// </summary>
internal static class ExecPreparation
{
    public static unsafe void ResetSignals()
    {
        _ = LibC.signal(LibC.SIGPIPE, LibC.SIG_DFL);
        var empty = stackalloc byte[LibC.SigsetSize];
        _ = LibC.sigemptyset((nint)empty);
        _ = LibC.pthread_sigmask(LibC.SIG_SETMASK, (nint)empty, 0);
    }

    public static void RestoreFileLimit()
    {
        if (!RuntimeFeature.IsDynamicCodeSupported || LibC.getrlimit(LibC.RLIMIT_NOFILE, out var limit) != 0)
        {
            return;
        }

        // Our parent's soft limit is what we were started with (limits are inherited at fork).
        if (ParentSoftLimit() is { } original && original < limit.Current)
        {
            _ = LibC.setrlimit(LibC.RLIMIT_NOFILE, new LibC.RLimit { Current = original, Maximum = limit.Maximum });
        }
    }

    private static ulong? ParentSoftLimit()
    {
        try
        {
            var parent = LibC.getppid();
            if (parent <= 1)
            {
                return null;
            }

            var line = File.ReadLines($"/proc/{parent}/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var fields = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: > 0 } && ulong.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
        }
        catch (IOException)
        {
            return null; // parent gone or /proc not mounted: keep the limit
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static FileKind KindOf(string path)
    {
        if (!File.Exists(path))
        {
            return FileKind.Missing;
        }

        return LibC.access(path, LibC.X_OK) == 0 ? FileKind.Executable : FileKind.NotExecutable;
    }

    public static string ErrorText(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}

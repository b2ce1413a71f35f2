using System.Runtime.InteropServices;

namespace GapTools.SsmWrap.Cli.Native;

/// <summary>The libc calls ssmwrap needs (Linux numbering). Errors come from <see cref="Marshal.GetLastPInvokeError"/>.</summary>
internal static unsafe partial class LibC
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGKILL = 9;
    public const int SIGUSR1 = 10;
    public const int SIGUSR2 = 12;
    public const int SIGPIPE = 13;
    public const int SIGTERM = 15;

    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int ECHILD = 10;

    public const int RLIMIT_NOFILE = 7;
    public const int SIG_SETMASK = 2;
    public const int PR_SET_CHILD_SUBREAPER = 36;
    public const int X_OK = 1;
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;

    // glibc: sigset_t is 128 bytes, posix_spawnattr_t 336; allocate generously.
    public const int SigsetSize = 128;
    public const int SpawnAttrSize = 1024;

    [StructLayout(LayoutKind.Sequential)]
    public struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int execve(string path, string?[] argv, string?[] envp);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawn(out int pid, string path, nint fileActions, nint attributes, string?[] argv, string?[] envp);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_init(nint attributes);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_destroy(nint attributes);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setflags(nint attributes, short flags);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setsigdefault(nint attributes, nint sigset);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setsigmask(nint attributes, nint sigset);

    [LibraryImport("libc")]
    public static partial int sigemptyset(nint sigset);

    [LibraryImport("libc")]
    public static partial int sigaddset(nint sigset, int signal);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int pthread_sigmask(int how, nint set, nint oldSet);

    /// <summary>The default disposition for <see cref="signal"/>.</summary>
    public const nint SIG_DFL = 0;

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint signal(int signal, nint handler);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getrlimit(int resource, out RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setrlimit(int resource, in RLimit limit);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int access(string path, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport("libc")]
    public static partial int getpid();

    [LibraryImport("libc")]
    public static partial int getppid();

    // prctl is variadic; on Linux x86-64 and arm64 passing the extra words as fixed arguments is safe.
    [LibraryImport("libc", SetLastError = true)]
    public static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}

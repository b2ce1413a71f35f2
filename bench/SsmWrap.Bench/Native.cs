using System.Runtime.InteropServices;

namespace GapTools.SsmWrap.Bench;

/// <summary>posix_spawn and waitpid: start a child with its output discarded, and reap it.</summary>
internal static unsafe partial class Native
{
    public const int O_WRONLY = 1;

    // glibc: posix_spawn_file_actions_t is 80 bytes; allocate generously.
    public const int FileActionsSize = 1024;

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawn(out int pid, string path, nint fileActions, nint attributes, string?[] argv, string?[] envp);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_init(nint fileActions);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_destroy(nint fileActions);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawn_file_actions_addopen(nint fileActions, int fd, string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);
}

using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace GapTools.SsmWrap.Targets;

/// <summary>
/// Writes a file so that readers see the old content or the new, never a part: a temporary file in the same
/// directory, created with the final mode and owner, synced, then renamed over the target. A symlink is written
/// through, as ssmwrap v2 (which opens the path) does: the link stays and its final target is replaced, which keeps
/// Kubernetes-style projected paths (<c>key -&gt; ..data/key</c>) working.
/// </summary>
internal static partial class AtomicFileWriter
{
    public static void Write(string path, string content, UnixFileMode mode, int? uid, int? gid)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("SsmWrap writes files with Unix modes and owners; Windows is not supported.");
        }

        var given = Path.GetFullPath(path);
        var target = FinalTarget(given);
        var directory = Path.GetDirectoryName(target) ?? "/";
        if (!Directory.Exists(directory))
        {
            throw new SsmWrapException($"cannot write {Describe(given, target)}: directory {directory} does not exist");
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        try
        {
            WriteTemporary(temporary, Encoding.UTF8.GetBytes(content), mode, uid, gid);
            File.Move(temporary, target, overwrite: true); // rename(2) within one directory is atomic
            SyncDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new SsmWrapException($"cannot write {Describe(given, target)}: {e.Message}", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    // Where the bytes go: the path itself, or the end of its chain of symlinks (which may not exist yet).
    private static string FinalTarget(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget is null ? path : Path.GetFullPath(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path);
        }
        catch (IOException e)
        {
            // A loop of links, or a link too long to follow.
            throw new SsmWrapException($"cannot write {path}: {e.Message}", e);
        }
    }

    private static string Describe(string given, string target) => given == target ? given : $"{given} (a symlink to {target})";

    private static void WriteTemporary(string temporary, byte[] bytes, UnixFileMode mode, int? uid, int? gid)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = mode };
        using var stream = new FileStream(temporary, options);
        // The umask may have removed bits from the requested mode; set it exactly.
        File.SetUnixFileMode(stream.SafeFileHandle, mode);
        if (uid is not null || gid is not null)
        {
            Chown(stream, uid ?? -1, gid ?? -1);
        }

        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static void Chown(FileStream stream, int uid, int gid)
    {
        var added = false;
        stream.SafeFileHandle.DangerousAddRef(ref added);
        try
        {
            if (fchown((int)stream.SafeFileHandle.DangerousGetHandle(), uid, gid) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"chown to {uid}:{gid} failed: {Marshal.GetPInvokeErrorMessage(errno)}");
            }
        }
        finally
        {
            if (added)
            {
                stream.SafeFileHandle.DangerousRelease();
            }
        }
    }

    // Makes the rename itself durable. Best effort: some filesystems refuse fsync on a directory.
    private static void SyncDirectory(string directory)
    {
        const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY (Linux)
        var fd = open(directory, ReadOnlyDirectory);
        if (fd >= 0)
        {
            _ = fsync(fd);
            _ = close(fd);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Already gone or the directory is read-only; the write has failed anyway.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fchown(int fd, int owner, int group);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}

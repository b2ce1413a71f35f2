using System.Globalization;

namespace GapTools.Testing;

/// <summary>
/// Removes clusters left behind by test processes that died without disposing their server (killed runner,
/// crash): the owner is gone, or no owner was recorded and the directory is older than an hour.
/// </summary>
internal static class StaleClusters
{
    public const string DirectoryPrefix = "gaptools-pg-";

    private static readonly TimeSpan UnownedMaxAge = TimeSpan.FromHours(1);

    public static async Task CleanAsync(string tempRoot, DateTime utcNow, CancellationToken cancellationToken)
    {
        foreach (var dir in Directory.EnumerateDirectories(tempRoot, DirectoryPrefix + "*"))
        {
            if (IsStale(dir, utcNow))
            {
                await StopPostmasterAsync(dir, cancellationToken).ConfigureAwait(false);
                TryDelete(dir);
            }
        }
    }

    internal static bool IsStale(string dir, DateTime utcNow)
    {
        var ownerFile = Path.Combine(dir, ClusterOwner.FileName);
        var owner = File.Exists(ownerFile) ? ClusterOwner.Parse(SafeRead(ownerFile)) : null;
        return owner is not null
            ? !owner.IsAlive()
            : utcNow - Directory.GetLastWriteTimeUtc(dir) > UnownedMaxAge;
    }

    /// <summary>
    /// Immediate shutdown (SIGQUIT) of the cluster's postmaster, but only if that pid really is a postgres
    /// running on this directory: a pid in a stale file may have been reused by an unrelated process.
    /// </summary>
    internal static async Task StopPostmasterAsync(string dir, CancellationToken cancellationToken)
    {
        var dataDir = ClusterDirectory.Data(dir);
        var pidText = SafeRead(ClusterDirectory.PostmasterPid(dir)).Split('\n')[0].Trim();
        if (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return;
        }

        var cmdline = SafeRead($"/proc/{pidText}/cmdline").Replace('\0', ' ');
        if (!cmdline.Contains(dataDir, StringComparison.Ordinal))
        {
            return;
        }

        await ProcessRunner.RunAsync("kill", ["-QUIT", pidText], dir, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (File.Exists($"/proc/{pidText}/stat") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static void TryDelete(string dir)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                // A backend may still be removing its temp files; try again shortly.
                Thread.Sleep(100);
            }
            catch (UnauthorizedAccessException)
            {
                return; // someone else's cluster (other user); not ours to remove
            }
        }
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}

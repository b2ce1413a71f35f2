using System.Diagnostics;
using GapTools.SsmWrap.Targets;

namespace GapTools.SsmWrap.Tests.Targets;

public sealed class AtomicFileWriterTests : IDisposable
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ssmwrap-files-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    [Fact]
    public void Writes_with_mode_0600_by_default_and_leaves_no_temporary_file()
    {
        var path = PathOf("secret");

        AtomicFileWriter.Write(path, "value", SsmWrapDefaults.FileMode, null, null);

        Assert.Equal("value", File.ReadAllText(path));
        Assert.Equal(Mode0600, File.GetUnixFileMode(path));
        Assert.Equal(["secret"], _directory.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public void The_requested_mode_is_exact_whatever_the_umask()
    {
        // The test host's umask (typically 022) would turn 0666 into 0644 without an explicit chmod.
        var mode = (UnixFileMode)Convert.ToInt32("666", 8);
        var path = PathOf("shared");

        AtomicFileWriter.Write(path, "x", mode, null, null);

        Assert.Equal(mode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Replaces_by_rename_so_a_reader_of_the_old_file_still_sees_it_whole()
    {
        var path = PathOf("config");
        File.WriteAllText(path, "old content");
        using var oldReader = new FileStream(path, FileMode.Open, FileAccess.Read);

        AtomicFileWriter.Write(path, "new content", SsmWrapDefaults.FileMode, null, null);

        // A truncate-and-write would have changed the open file; a rename leaves it intact.
        Assert.Equal("old content", new StreamReader(oldReader).ReadToEnd());
        Assert.Equal("new content", File.ReadAllText(path));
    }

    [Fact]
    public async Task Concurrent_readers_never_see_a_partial_file()
    {
        var path = PathOf("big");
        var versions = Enumerable.Range(0, 20).Select(i => new string((char)('a' + i), 512 * 1024)).ToArray();
        AtomicFileWriter.Write(path, versions[0], SsmWrapDefaults.FileMode, null, null);
        using var done = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                var content = File.ReadAllText(path);
                Assert.Contains(content, versions);
                reads++;
            }
        }, TestContext.Current.CancellationToken);

        foreach (var version in versions.Skip(1))
        {
            AtomicFileWriter.Write(path, version, SsmWrapDefaults.FileMode, null, null);
        }

        await done.CancelAsync();
        await reader;
        Assert.True(reads > 0);
        Assert.Equal(versions[^1], await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_kubernetes_style_symlink_stays_and_its_final_target_is_replaced_by_rename()
    {
        // key -> ..data/key, ..data -> ..2025_01_01 (a projected volume): the link chain stays, the file at its end changes.
        Directory.CreateDirectory(PathOf("..2025_01_01"));
        File.WriteAllText(PathOf("..2025_01_01/key"), "old");
        File.CreateSymbolicLink(PathOf("..data"), "..2025_01_01");
        File.CreateSymbolicLink(PathOf("key"), "..data/key");
        var oldInode = Inode(PathOf("..2025_01_01/key"));

        AtomicFileWriter.Write(PathOf("key"), "new", SsmWrapDefaults.FileMode, null, null);

        Assert.Equal("..data/key", new FileInfo(PathOf("key")).LinkTarget);
        Assert.Equal("..2025_01_01", new FileInfo(PathOf("..data")).LinkTarget);
        Assert.Equal("new", File.ReadAllText(PathOf("key")));
        Assert.Equal(Mode0600, File.GetUnixFileMode(PathOf("..2025_01_01/key")));
        Assert.NotEqual(oldInode, Inode(PathOf("..2025_01_01/key"))); // renamed over, not written in place
        Assert.Equal(["key"], Directory.GetFiles(PathOf("..2025_01_01")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_dangling_symlink_gets_its_target_created()
    {
        Directory.CreateDirectory(PathOf("real"));
        File.CreateSymbolicLink(PathOf("link"), PathOf("real/file"));

        AtomicFileWriter.Write(PathOf("link"), "value", SsmWrapDefaults.FileMode, null, null);

        Assert.NotNull(new FileInfo(PathOf("link")).LinkTarget);
        Assert.Equal("value", File.ReadAllText(PathOf("real/file")));
    }

    [Fact]
    public void A_symlink_into_a_missing_directory_names_both_paths()
    {
        File.CreateSymbolicLink(PathOf("link"), PathOf("gone/file"));

        var error = Assert.Throws<SsmWrapException>(() => AtomicFileWriter.Write(PathOf("link"), "x", SsmWrapDefaults.FileMode, null, null));

        Assert.Equal($"cannot write {PathOf("link")} (a symlink to {PathOf("gone/file")}): directory {PathOf("gone")} does not exist", error.Message);
    }

    [Fact]
    public void A_symlink_loop_is_a_clear_error()
    {
        File.CreateSymbolicLink(PathOf("a"), PathOf("b"));
        File.CreateSymbolicLink(PathOf("b"), PathOf("a"));

        var error = Assert.Throws<SsmWrapException>(() => AtomicFileWriter.Write(PathOf("a"), "x", SsmWrapDefaults.FileMode, null, null));

        Assert.StartsWith($"cannot write {PathOf("a")}: ", error.Message, StringComparison.Ordinal);
    }

    private static string Inode(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var inode = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return inode;
    }

    [Fact]
    public void A_missing_directory_is_a_clear_error()
    {
        var path = Path.Combine(_directory.FullName, "no-such-dir", "file");

        var error = Assert.Throws<SsmWrapException>(() => AtomicFileWriter.Write(path, "secret-value", SsmWrapDefaults.FileMode, null, null));

        Assert.Contains("directory " + Path.Combine(_directory.FullName, "no-such-dir") + " does not exist", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_write_removes_its_temporary_file()
    {
        var path = PathOf("target");
        Directory.CreateDirectory(path); // rename onto a directory fails

        Assert.Throws<SsmWrapException>(() => AtomicFileWriter.Write(path, "x", SsmWrapDefaults.FileMode, null, null));

        Assert.Empty(_directory.GetFiles());
    }

    [Fact]
    public async Task Uid_and_gid_are_set()
    {
        Assert.SkipUnless(Environment.UserName == "root", "chown to another user needs root");
        var path = PathOf("owned");

        AtomicFileWriter.Write(path, "x", SsmWrapDefaults.FileMode, 1234, 5678);

        var info = new ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true };
        using var stat = Process.Start(info)!;
        Assert.Equal("1234:5678", (await stat.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)).Trim());
    }
}

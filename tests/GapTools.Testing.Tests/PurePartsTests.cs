namespace GapTools.Testing.Tests;

public sealed class PostgresBinariesTests
{
    [Theory]
    [InlineData("15", "15.0")]
    [InlineData("9.6", "9.6")]
    [InlineData("16", "16.0")]
    public void ParseVersion_reads_debian_directory_names(string name, string expected) =>
        Assert.Equal(Version.Parse(expected), PostgresBinaries.ParseVersion(name));

    [Fact]
    public void ParseVersion_rejects_other_names() => Assert.Null(PostgresBinaries.ParseVersion("common"));

    [Fact]
    public void Find_picks_the_highest_version_that_has_initdb_and_pg_ctl()
    {
        var root = Directory.CreateTempSubdirectory("gaptools-bin-test-").FullName;
        try
        {
            MakeBin(root, "9.6", "initdb", "pg_ctl");
            MakeBin(root, "15", "initdb", "pg_ctl");
            MakeBin(root, "16", "initdb"); // incomplete install: no pg_ctl
            Directory.CreateDirectory(Path.Combine(root, "common"));

            Assert.Equal(Path.Combine(root, "15", "bin"), PostgresBinaries.Find(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Find_returns_null_when_nothing_is_installed() =>
        Assert.Null(PostgresBinaries.Find("/nonexistent/gaptools/postgresql"));

    [Fact]
    public void Not_found_message_names_the_script_that_installs_postgresql() =>
        Assert.Contains("run scripts/test.sh which installs postgresql via apt", PostgresBinaries.NotFoundMessage, StringComparison.Ordinal);

    private static void MakeBin(string root, string version, params string[] tools)
    {
        var bin = Directory.CreateDirectory(Path.Combine(root, version, "bin")).FullName;
        foreach (var tool in tools)
        {
            File.WriteAllText(Path.Combine(bin, tool), string.Empty);
        }
    }
}

public sealed class ClusterOwnerTests
{
    [Fact]
    public void ParseStartTicks_reads_field_22_even_when_the_command_name_has_spaces()
    {
        const string Stat = "1234 (my (odd) proc) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 18446744073709551615";
        Assert.Equal(987654L, ClusterOwner.ParseStartTicks(Stat));
    }

    [Fact]
    public void Current_process_is_alive_and_round_trips_through_text()
    {
        var owner = ClusterOwner.Current();
        Assert.True(owner.IsAlive());
        Assert.Equal(owner, ClusterOwner.Parse(owner.ToString()));
    }

    [Fact]
    public void Same_pid_with_another_start_time_is_not_alive() =>
        Assert.False((ClusterOwner.Current() with { StartTicks = 1 }).IsAlive());

    [Theory]
    [InlineData("")]
    [InlineData("abc 12")]
    [InlineData("12")]
    public void Parse_rejects_garbage(string text) => Assert.Null(ClusterOwner.Parse(text));
}

public sealed class StaleClustersTests : IDisposable
{
    private readonly List<string> _dirs = [];

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Cluster_of_a_live_owner_is_not_stale_however_old()
    {
        var dir = NewClusterDir(ClusterOwner.Current().ToString());
        Assert.False(StaleClusters.IsStale(dir, DateTime.UtcNow.AddDays(2)));
    }

    [Fact]
    public void Cluster_of_a_recycled_owner_pid_is_stale()
    {
        var dir = NewClusterDir((ClusterOwner.Current() with { StartTicks = 1 }).ToString());
        Assert.True(StaleClusters.IsStale(dir, DateTime.UtcNow));
    }

    [Fact]
    public void Unowned_cluster_is_stale_only_after_an_hour()
    {
        var dir = NewClusterDir(owner: null);
        Assert.False(StaleClusters.IsStale(dir, DateTime.UtcNow.AddMinutes(59)));
        Assert.True(StaleClusters.IsStale(dir, DateTime.UtcNow.AddMinutes(61)));
    }

    [Fact]
    public async Task Cleanup_removes_stale_directories_without_a_server()
    {
        var root = Directory.CreateTempSubdirectory("gaptools-stale-test-").FullName;
        try
        {
            var stale = Directory.CreateDirectory(Path.Combine(root, StaleClusters.DirectoryPrefix + "dead")).FullName;
            await File.WriteAllTextAsync(Path.Combine(stale, ClusterOwner.FileName), (ClusterOwner.Current() with { StartTicks = 1 }).ToString(), TestContext.Current.CancellationToken);
            var live = Directory.CreateDirectory(Path.Combine(root, StaleClusters.DirectoryPrefix + "live")).FullName;
            await File.WriteAllTextAsync(Path.Combine(live, ClusterOwner.FileName), ClusterOwner.Current().ToString(), TestContext.Current.CancellationToken);

            await StaleClusters.CleanAsync(root, DateTime.UtcNow, TestContext.Current.CancellationToken);

            Assert.False(Directory.Exists(stale));
            Assert.True(Directory.Exists(live));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("LOG:  could not bind IPv4 address \"127.0.0.1\": Address already in use", true)]
    [InlineData("FATAL:  data directory has wrong ownership", false)]
    public void Bind_failures_are_recognised_for_a_retry(string log, bool expected) =>
        Assert.Equal(expected, PostgresTools.IsBindFailure(log));

    private string NewClusterDir(string? owner)
    {
        var dir = Directory.CreateTempSubdirectory("gaptools-owner-test-").FullName;
        _dirs.Add(dir);
        if (owner is not null)
        {
            File.WriteAllText(Path.Combine(dir, ClusterOwner.FileName), owner);
        }

        return dir;
    }
}

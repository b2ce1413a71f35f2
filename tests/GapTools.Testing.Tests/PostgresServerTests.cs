using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace GapTools.Testing.Tests;

/// <summary>Lifecycle tests: each starts its own server, so they can stop and kill it.</summary>
public sealed class PostgresServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dispose_stops_the_server_and_removes_its_directory()
    {
        var server = await PostgresServer.StartAsync(Ct);
        var root = server.RootDirectory;
        Assert.True(Directory.Exists(server.DataDirectory));
        Assert.True(await AcceptsTcp(server.Port));

        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(Ct);
        }

        await server.DisposeAsync();

        Assert.False(Directory.Exists(root));
        Assert.False(await AcceptsTcp(server.Port));
        await server.DisposeAsync(); // idempotent
        await Assert.ThrowsAsync<ObjectDisposedException>(() => server.CreateDatabaseAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Watchdog_stops_the_cluster_when_its_owner_dies()
    {
        await using var server = await PostgresServer.StartAsync(Ct);
        using var owner = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        ClusterWatchdog.Start(server.RootDirectory, owner.Id);
        Assert.True(await AcceptsTcp(server.Port));

        owner.Kill();
        await owner.WaitForExitAsync(Ct);

        Assert.True(await Eventually(async () => !Directory.Exists(server.RootDirectory) && !await AcceptsTcp(server.Port)));
    }

    [Fact]
    public async Task Stale_cluster_of_a_dead_owner_is_stopped_and_removed_at_next_cleanup()
    {
        await using var server = await PostgresServer.StartAsync(Ct);
        await File.WriteAllTextAsync(Path.Combine(server.RootDirectory, ClusterOwner.FileName), await DeadOwnerAsync(), Ct);

        await StaleClusters.CleanAsync(Path.GetDirectoryName(server.RootDirectory)!, DateTime.UtcNow, Ct);

        Assert.False(Directory.Exists(server.RootDirectory));
        Assert.False(await AcceptsTcp(server.Port));
    }

    [Fact]
    public async Task Concurrent_servers_get_distinct_ports_and_directories()
    {
        var servers = await Task.WhenAll(PostgresServer.StartAsync(Ct), PostgresServer.StartAsync(Ct));
        try
        {
            Assert.NotEqual(servers[0].Port, servers[1].Port);
            Assert.NotEqual(servers[0].RootDirectory, servers[1].RootDirectory);
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>The owner line of a process that has exited (its pid is no longer alive with that start time).</summary>
    private static async Task<string> DeadOwnerAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        var owner = new ClusterOwner(process.Id, 1);
        await process.WaitForExitAsync(Ct);
        return owner.ToString();
    }

    private static async Task<bool> AcceptsTcp(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port, Ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100, Ct);
        }

        return false;
    }
}

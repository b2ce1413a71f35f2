using System.Runtime.Versioning;

namespace GapTools.Testing;

/// <summary>
/// Layout of a throwaway cluster's temp directory: <c>owner</c> (who may remove it), <c>data/</c> (initdb),
/// <c>sock/</c> (unix socket), <c>server.log</c>.
/// </summary>
internal static class ClusterDirectory
{
    public const string PasswordFileName = "pwfile";

    public static string Data(string root) => Path.Combine(root, "data");

    public static string Socket(string root) => Path.Combine(root, "sock");

    public static string Log(string root) => Path.Combine(root, "server.log");

    public static string PostmasterPid(string root) => Path.Combine(Data(root), "postmaster.pid");

    [SupportedOSPlatform("linux")]
    public static async Task PrepareAsync(string root, string password, bool runAsPostgresUser, CancellationToken cancellationToken)
    {
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(root, OwnerOnly);
        await File.WriteAllTextAsync(Path.Combine(root, ClusterOwner.FileName), ClusterOwner.Current().ToString(), cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(Socket(root), OwnerOnly);

        // The superuser password goes to initdb through an owner-only file, never through argv.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        await using (var writer = new StreamWriter(Path.Combine(root, PasswordFileName), options))
        {
            await writer.WriteLineAsync(password).ConfigureAwait(false);
        }

        if (runAsPostgresUser)
        {
            var chown = await ProcessRunner.RunAsync("chown", ["-R", $"{PostgresServer.SuperUser}:", root], root, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            chown.EnsureSuccess("chown of the cluster directory to the postgres user");
        }
    }

    /// <summary>Settings for a throwaway cluster: loopback only, no durability (nothing here must survive a crash).</summary>
    public static string ServerSettings(string root) =>
        $"""

        # --- GapTools throwaway test cluster ---
        listen_addresses = '127.0.0.1'
        unix_socket_directories = '{Socket(root).Replace("'", "''", StringComparison.Ordinal)}'
        fsync = off
        synchronous_commit = off
        full_page_writes = off
        wal_level = minimal
        max_wal_senders = 0
        max_connections = 300
        shared_buffers = 64MB
        timezone = 'UTC'
        log_timezone = 'UTC'

        """;
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GapTools.Testing;

/// <summary>initdb and pg_ctl, run as the <c>postgres</c> user when this process is root (PostgreSQL refuses root).</summary>
internal sealed record PostgresTools(string BinDirectory, bool RunAsPostgresUser)
{
    private const int StartAttempts = 5;
    private static readonly TimeSpan InitDbTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    public async Task InitDbAsync(string root, CancellationToken cancellationToken)
    {
        var pwfile = Path.Combine(root, ClusterDirectory.PasswordFileName);
        try
        {
            string[] arguments =
            [
                "-D", ClusterDirectory.Data(root), "-U", PostgresServer.SuperUser, "--pwfile", pwfile,
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions",
            ];
            var result = await RunAsync("initdb", arguments, root, InitDbTimeout, cancellationToken).ConfigureAwait(false);
            result.EnsureSuccess("initdb");
        }
        finally
        {
            File.Delete(pwfile);
        }

        var settings = ClusterDirectory.ServerSettings(root);
        await File.AppendAllTextAsync(Path.Combine(ClusterDirectory.Data(root), "postgresql.conf"), settings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Picks a free port by binding port 0, then starts the server on it; another process may take the port in
    /// between, so a bind failure is retried with a new port.
    /// </summary>
    public async Task<int> StartOnFreePortAsync(string root, CancellationToken cancellationToken)
    {
        var log = ClusterDirectory.Log(root);
        for (var attempt = 1; ; attempt++)
        {
            var port = FindFreePort();
            string[] arguments = ["-D", ClusterDirectory.Data(root), "-l", log, "-w", "-t", "60", "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)}", "start"];
            var result = await RunAsync("pg_ctl", arguments, root, StartTimeout, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode == 0)
            {
                return port;
            }

            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken).ConfigureAwait(false) : string.Empty;
            if (attempt < StartAttempts && IsBindFailure(serverLog))
            {
                continue;
            }

            var tail = serverLog.Length <= 4000 ? serverLog : serverLog[^4000..];
            throw new InvalidOperationException($"PostgreSQL did not start (pg_ctl exit {result.ExitCode}).{Environment.NewLine}{result.Output}{Environment.NewLine}{tail}");
        }
    }

    /// <summary>Immediate shutdown; false when pg_ctl could not do it.</summary>
    public async Task<bool> StopAsync(string root)
    {
        string[] arguments = ["-D", ClusterDirectory.Data(root), "-m", "immediate", "-w", "-t", "30", "stop"];
        var result = await RunAsync("pg_ctl", arguments, root, StopTimeout, CancellationToken.None).ConfigureAwait(false);
        return result.ExitCode == 0;
    }

    internal static bool IsBindFailure(string serverLog) =>
        serverLog.Contains("could not bind", StringComparison.Ordinal) || serverLog.Contains("Address already in use", StringComparison.Ordinal);

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task<ProcessResult> RunAsync(string tool, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = Path.Combine(BinDirectory, tool);
        return RunAsPostgresUser
            ? ProcessRunner.RunAsync("runuser", ["-u", PostgresServer.SuperUser, "--", path, .. arguments], workingDirectory, timeout, cancellationToken)
            : ProcessRunner.RunAsync(path, arguments, workingDirectory, timeout, cancellationToken);
    }
}

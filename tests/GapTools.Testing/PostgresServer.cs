using System.Globalization;
using System.Security.Cryptography;
using Npgsql;

namespace GapTools.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: initdb in a temp directory, a free loopback port, durability off.
/// Clients connect over TCP to 127.0.0.1 with user <see cref="SuperUser"/> and a generated password, as Redshift
/// clients do. Dispose stops it (immediate mode) and removes the directory; if the process dies first, a
/// watchdog does the same, and the next start removes any cluster whose owner is gone.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The superuser every connection string uses.</summary>
    public const string SuperUser = "postgres";

    private readonly PostgresTools _tools;
    private readonly NpgsqlDataSource _admin;
    private int _databaseCounter;
    private int _disposed;

    private PostgresServer(PostgresTools tools, string rootDirectory, int port, string password)
    {
        _tools = tools;
        RootDirectory = rootDirectory;
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = port,
            Username = SuperUser,
            Password = password,
            Database = "postgres",
            IncludeErrorDetail = true,
            // Each test database gets its own pool; let idle backends go quickly so they don't pile up.
            ConnectionIdleLifetime = 10,
            ConnectionPruningInterval = 5,
        }.ConnectionString;
        _admin = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>Always the IPv4 loopback address, 127.0.0.1.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>The TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Connection string for the <c>postgres</c> database as superuser (password authentication).</summary>
    public string ConnectionString { get; }

    internal string RootDirectory { get; }

    internal string DataDirectory => ClusterDirectory.Data(RootDirectory);

    /// <summary>
    /// Starts a new cluster (PostgreSQL's highest installed version). Throws <see cref="InvalidOperationException"/>
    /// with an actionable message when the server binaries are not installed.
    /// </summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The throwaway PostgreSQL server runs on Linux only.");
        }

        var binDirectory = PostgresBinaries.Find() ?? throw new InvalidOperationException(PostgresBinaries.NotFoundMessage);
        var tempRoot = Path.GetTempPath();
        await StaleClusters.CleanAsync(tempRoot, DateTime.UtcNow, cancellationToken).ConfigureAwait(false);

        var tools = new PostgresTools(binDirectory, RunAsPostgresUser: string.Equals(Environment.UserName, "root", StringComparison.Ordinal));
        var root = Path.Combine(tempRoot, StaleClusters.DirectoryPrefix + RandomNumberGenerator.GetHexString(12, lowercase: true));
        try
        {
            var password = RandomNumberGenerator.GetHexString(32, lowercase: true);
            await ClusterDirectory.PrepareAsync(root, password, tools.RunAsPostgresUser, cancellationToken).ConfigureAwait(false);
            await tools.InitDbAsync(root, cancellationToken).ConfigureAwait(false);
            var port = await tools.StartOnFreePortAsync(root, cancellationToken).ConfigureAwait(false);
            ClusterWatchdog.Start(root, Environment.ProcessId);
            return new PostgresServer(tools, root, port, password);
        }
        catch
        {
            await StaleClusters.StopPostmasterAsync(root, CancellationToken.None).ConfigureAwait(false);
            StaleClusters.TryDelete(root);
            throw;
        }
    }

    /// <summary>
    /// Creates a fresh database (a random name unless given) and returns a connection string for it, so each test
    /// can work in isolation.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        name ??= string.Create(
            CultureInfo.InvariantCulture,
            $"test_{Interlocked.Increment(ref _databaseCounter)}_{RandomNumberGenerator.GetHexString(6, lowercase: true)}");

        await using (var command = _admin.CreateCommand($"CREATE DATABASE {QuoteIdentifier(name)}"))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the server (immediate mode: it is throwaway) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _admin.DisposeAsync().ConfigureAwait(false);
        if (!Directory.Exists(DataDirectory))
        {
            return; // already removed (by the watchdog or a stale-cluster cleanup)
        }

        if (!await _tools.StopAsync(RootDirectory).ConfigureAwait(false))
        {
            await StaleClusters.StopPostmasterAsync(RootDirectory, CancellationToken.None).ConfigureAwait(false);
        }

        StaleClusters.TryDelete(RootDirectory);
    }

    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

using System.Globalization;
using GapTools.LocalAws.Redshift.ControlPlane;
using GapTools.LocalAws.Redshift.Copy;
using GapTools.Testing;
using Npgsql;

namespace GapTools.LocalAws.Redshift;

/// <summary>
/// The Redshift clusters a standalone LocalAws serves (<c>--redshift NAME</c>). Each cluster runs on its own
/// throwaway <see cref="PostgresServer"/> (initdb in a temp directory, a free loopback port, database <c>dev</c>),
/// or all of them on one existing PostgreSQL (<c>--redshift-backend</c>, a superuser connection string; nothing is
/// created or removed there). Dispose detaches the clusters and stops and removes the throwaway servers; if the
/// process dies instead, <see cref="PostgresServer"/>'s watchdog does the latter.
/// </summary>
internal sealed class StandaloneRedshift : IAsyncDisposable
{
    /// <summary>The database each throwaway PostgreSQL gets: Redshift's default DBName.</summary>
    public const string DefaultDatabase = "dev";

    private readonly IReadOnlyList<Backend> backends;
    private readonly List<RedshiftCluster> clusters = [];
    private int disposed;

    private StandaloneRedshift(IReadOnlyList<Backend> backends)
    {
        this.backends = backends;
    }

    /// <summary>The attached clusters, in command-line order.</summary>
    public IReadOnlyList<RedshiftCluster> Clusters => clusters;

    /// <summary>
    /// Starts a throwaway PostgreSQL for each identifier (in parallel), or checks <paramref name="backendConnectionString"/>.
    /// Cancelling stops whatever was started.
    /// </summary>
    public static async Task<StandaloneRedshift> StartAsync(
        IReadOnlyList<string> identifiers, string? backendConnectionString, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        if (backendConnectionString is not null)
        {
            var admin = ParseBackend(backendConnectionString);
            return new StandaloneRedshift(identifiers.Select(id => new Backend(id, backendConnectionString, admin.Host!, admin.Port, Server: null)).ToList());
        }

        var starts = identifiers.Select(id => StartThrowawayAsync(id, cancellationToken)).ToList();
        try
        {
            return new StandaloneRedshift(await Task.WhenAll(starts));
        }
        catch
        {
            foreach (var start in starts)
            {
                if (start.IsCompletedSuccessfully)
                {
                    await start.Result.Server!.DisposeAsync();
                }
            }

            throw;
        }
    }

    /// <summary>Starts each cluster's wire proxy and attaches it to <paramref name="server"/>, with <paramref name="copyCost"/>.</summary>
    public void Attach(LocalAwsServer server, CopyCostModel copyCost)
    {
        ArgumentNullException.ThrowIfNull(server);
        foreach (var backend in backends)
        {
            clusters.Add(server.StartRedshiftCluster(backend.Identifier, backend.AdminConnectionString, new RedshiftClusterOptions { CopyCost = copyCost }));
        }
    }

    /// <summary>One line per cluster for the console: its endpoint, database, master user and where it runs.</summary>
    public IEnumerable<string> Describe(Uri serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        return clusters.Zip(backends, (cluster, backend) =>
        {
            var runsOn = backend.Server is null
                ? string.Create(CultureInfo.InvariantCulture, $"PostgreSQL {backend.Host}:{backend.Port} (--redshift-backend)")
                : string.Create(CultureInfo.InvariantCulture, $"throwaway PostgreSQL {backend.Host}:{backend.Port}, removed on exit");
            var login = new Uri(serviceUrl, "/_localaws/redshift/clusters/" + cluster.Identifier);
            return string.Create(CultureInfo.InvariantCulture,
                $"Redshift cluster '{cluster.Identifier}': endpoint {cluster.Proxy.Host}:{cluster.Proxy.Port}, database '{cluster.DatabaseName}', master user '{cluster.MasterUsername}' (password: GET {login}); {runsOn}{(cluster.CopyCost.IsNone ? "" : $"; COPY cost {cluster.CopyCost}")}");
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        foreach (var cluster in clusters)
        {
            await cluster.DisposeAsync();
        }

        await Task.WhenAll(backends.Where(b => b.Server is not null).Select(b => b.Server!.DisposeAsync().AsTask()));
    }

    private static NpgsqlConnectionStringBuilder ParseBackend(string connectionString)
    {
        NpgsqlConnectionStringBuilder admin;
        try
        {
            admin = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new ArgumentException($"--redshift-backend is not a PostgreSQL connection string: {e.Message}", e);
        }

        return string.IsNullOrEmpty(admin.Host) || admin.Host.Contains(',', StringComparison.Ordinal)
            ? throw new ArgumentException("--redshift-backend must name one Host (e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Password=…;Database=dev\").")
            : admin;
    }

    private static async Task<Backend> StartThrowawayAsync(string identifier, CancellationToken cancellationToken)
    {
        var server = await PostgresServer.StartAsync(cancellationToken);
        try
        {
            var admin = await server.CreateDatabaseAsync(DefaultDatabase, cancellationToken);
            return new Backend(identifier, admin, server.Host, server.Port, server);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Where one cluster's PostgreSQL is; <see cref="Server"/> is set when it is ours to stop.</summary>
    private sealed record Backend(string Identifier, string AdminConnectionString, string Host, int Port, PostgresServer? Server);
}

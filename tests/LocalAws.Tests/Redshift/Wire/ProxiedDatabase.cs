using GapTools.LocalAws.Redshift.Wire;
using GapTools.Testing;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.Wire;

/// <summary>A fresh database on the assembly's PostgreSQL and a proxy in front of it.</summary>
internal sealed class ProxiedDatabase : IAsyncDisposable
{
    private ProxiedDatabase(RedshiftWireProxy proxy, string directConnectionString)
    {
        Proxy = proxy;
        DirectConnectionString = directConnectionString;
        ProxyConnectionString = new NpgsqlConnectionStringBuilder(directConnectionString)
        {
            Host = proxy.Host,
            Port = proxy.Port,
            Timeout = 10,
            CommandTimeout = 30,
        }.ConnectionString;
        Direct = NpgsqlDataSource.Create(directConnectionString);
        Proxied = NpgsqlDataSource.Create(ProxyConnectionString);
    }

    public RedshiftWireProxy Proxy { get; }

    public string DirectConnectionString { get; }

    public string ProxyConnectionString { get; }

    /// <summary>Straight to PostgreSQL, for setup and for checking what really landed.</summary>
    public NpgsqlDataSource Direct { get; }

    /// <summary>Through the proxy, as a Redshift client connects.</summary>
    public NpgsqlDataSource Proxied { get; }

    public static async Task<ProxiedDatabase> CreateAsync(PostgresFixture postgres, ICopyRewriter? rewriter = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var proxy = RedshiftWireProxy.Start(new RedshiftWireProxyOptions { BackendHost = builder.Host!, BackendPort = builder.Port });
        if (rewriter is not null)
        {
            proxy.CopyRewriter = rewriter;
        }

        return new ProxiedDatabase(proxy, connectionString);
    }

    public async Task<long> DirectScalarAsync(string sql)
    {
        await using var command = Direct.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DirectExecuteAsync(string sql)
    {
        await using var command = Direct.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Proxied.DisposeAsync();
        await Direct.DisposeAsync();
        await Proxy.DisposeAsync();
    }
}

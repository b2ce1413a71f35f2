using Xunit;

namespace GapTools.Testing;

/// <summary>
/// One <see cref="PostgresServer"/> per test assembly. Register with
/// <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c> and take it as a constructor parameter; give each test
/// its own database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    /// <summary>The running server (available once xunit has initialized the fixture).</summary>
    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture has not been initialized.");

    /// <summary>Creates a fresh database and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default) =>
        Server.CreateDatabaseAsync(name, cancellationToken);

    /// <inheritdoc />
    public async ValueTask InitializeAsync() =>
        _server = await PostgresServer.StartAsync(TestContext.Current.CancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}

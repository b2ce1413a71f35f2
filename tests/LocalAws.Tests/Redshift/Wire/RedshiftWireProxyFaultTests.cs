using System.Net.Sockets;
using GapTools.LocalAws.Tests.Redshift.Fakes;
using GapTools.Testing;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.Wire;

/// <summary>
/// Maintenance windows and failovers as Npgsql sees them: every fault must surface as a transient
/// <see cref="NpgsqlException"/> caused by the connection (reset / end of stream), the same kind Redshift produces,
/// so a retry classifier built on <see cref="NpgsqlException.IsTransient"/> retries it.
/// </summary>
public sealed class RedshiftWireProxyFaultTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dropping_the_connection_mid_copy_is_transient_and_loses_the_transaction()
    {
        var rewriter = new FakeCopyRewriter(_ => "INSERT INTO t VALUES (100)");
        await using var db = await ProxiedDatabase.CreateAsync(postgres, rewriter);
        await db.DirectExecuteAsync("CREATE TABLE t (id int)");
        await using var connection = await db.Proxied.OpenConnectionAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await new NpgsqlCommand("INSERT INTO t VALUES (1)", connection, transaction).ExecuteNonQueryAsync(Ct);

        db.Proxy.DropNextCopy = true;
        var error = await Assert.ThrowsAsync<NpgsqlException>(
            () => new NpgsqlCommand("COPY t FROM 's3://b/k' IAM_ROLE 'r'", connection, transaction).ExecuteNonQueryAsync(Ct));

        AssertConnectionLoss(error);
        Assert.Equal(System.Data.ConnectionState.Broken, connection.FullState);
        Assert.False(db.Proxy.DropNextCopy);
        Assert.Equal(1, db.Proxy.InterceptedCopyCount);
        Assert.Empty(rewriter.Calls);
        Assert.Equal(0, await db.DirectScalarAsync("SELECT count(*) FROM t"));

        // Only the next COPY is dropped: a retry on a new connection loads.
        await using var retry = await db.Proxied.OpenConnectionAsync(Ct);
        Assert.Equal(1, await new NpgsqlCommand("COPY t FROM 's3://b/k' IAM_ROLE 'r'", retry).ExecuteNonQueryAsync(Ct));
        Assert.Equal(100, await db.DirectScalarAsync("SELECT sum(id) FROM t"));
    }

    [Fact]
    public async Task Dropping_all_connections_mid_statement_is_transient_and_ends_the_server_session()
    {
        await using var db = await ProxiedDatabase.CreateAsync(postgres);
        await using var connection = await db.Proxied.OpenConnectionAsync(Ct);
        var running = new NpgsqlCommand("SELECT pg_sleep(60)", connection).ExecuteNonQueryAsync(Ct);
        const string Sleeping = "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'";
        await Eventually.WaitForAsync(() => db.DirectScalarAsync(Sleeping));
        Assert.Equal(1, db.Proxy.ConnectionCount);

        db.Proxy.DropAllConnections();

        AssertConnectionLoss(await Assert.ThrowsAsync<NpgsqlException>(() => running));
        await Eventually.WaitForAsync(async () => await db.DirectScalarAsync(Sleeping) == 0 ? 1 : 0);
        await Eventually.WaitForAsync(() => db.Proxy.ConnectionCount == 0);
    }

    [Fact]
    public async Task Pooled_idle_connections_fail_transiently_after_a_drop_then_new_ones_work()
    {
        await using var db = await ProxiedDatabase.CreateAsync(postgres);
        await using (var warm = await db.Proxied.OpenConnectionAsync(Ct))
        {
            Assert.Equal(1, await new NpgsqlCommand("SELECT 1", warm).ExecuteScalarAsync(Ct));
        }

        db.Proxy.DropAllConnections();

        // Npgsql hands out the pooled (now dead) connector without a round trip; the first command finds out.
        await using (var stale = await db.Proxied.OpenConnectionAsync(Ct))
        {
            AssertConnectionLoss(await Assert.ThrowsAsync<NpgsqlException>(() => new NpgsqlCommand("SELECT 1", stale).ExecuteScalarAsync(Ct)));
        }

        await using var fresh = await db.Proxied.OpenConnectionAsync(Ct);
        Assert.Equal(1, await new NpgsqlCommand("SELECT 1", fresh).ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task Refused_connections_are_transient_until_the_cluster_is_back()
    {
        await using var db = await ProxiedDatabase.CreateAsync(postgres);
        db.Proxy.RefuseConnections = true;

        var error = await Assert.ThrowsAsync<NpgsqlException>(async () =>
        {
            await using var connection = await db.Proxied.OpenConnectionAsync(Ct);
        });
        AssertConnectionLoss(error);

        db.Proxy.RefuseConnections = false;
        await using var back = await db.Proxied.OpenConnectionAsync(Ct);
        Assert.Equal(1, await new NpgsqlCommand("SELECT 1", back).ExecuteScalarAsync(Ct));
    }

    /// <summary>What Npgsql raises when Redshift resets a connection: transient, caused by the socket.</summary>
    private static void AssertConnectionLoss(NpgsqlException error)
    {
        TestContext.Current.SendDiagnosticMessage($"{error.GetType().Name}: {error.Message} | inner {error.InnerException?.GetType().FullName}: {error.InnerException?.Message}");
        Assert.IsNotType<PostgresException>(error);
        Assert.True(error.IsTransient, error.ToString());
        Assert.True(error.InnerException is IOException or SocketException, error.ToString());
    }
}

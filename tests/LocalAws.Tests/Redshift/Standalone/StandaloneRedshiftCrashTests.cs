using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.Standalone;

/// <summary>
/// A standalone LocalAws that dies without cleaning up (SIGKILL, OOM) leaves no PostgreSQL running: the throwaway
/// server's watchdog watches the LocalAws process itself. Its own class so it runs in parallel with the SIGTERM test.
/// </summary>
public sealed class StandaloneRedshiftCrashTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_killed_process_leaves_no_postgres_running()
    {
        using var localAws = LocalAwsProcess.Start("--redshift", "crash");
        await localAws.WaitUntilReadyAsync("Redshift cluster 'crash'", StandaloneRedshiftProcessTests.StartTimeout);
        using var control = new ClusterControlClient(localAws.ServiceUrl);
        var endpoint = await control.GetAsync("crash");
        ClusterPostgres postgres;
        await using (var connection = new NpgsqlConnection(endpoint.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            postgres = await ClusterPostgres.BehindAsync(connection);
        }

        localAws.Kill();
        Assert.NotEqual(0, await localAws.WaitForExitAsync(TimeSpan.FromSeconds(10)));

        // The watchdog polls its owner once a second, then stops the postmaster and removes the directory.
        await Eventually.WaitForAsync(() => !postgres.IsRunning && !Directory.Exists(postgres.Root), TimeSpan.FromSeconds(20));
    }
}

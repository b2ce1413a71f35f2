using GapTools.LocalAws.Redshift.ControlPlane;
using GapTools.LocalAws.Redshift.Wire;
using Npgsql;

namespace GapTools.LocalAws.Redshift;

/// <summary>Wires a Redshift cluster into a running <see cref="LocalAwsServer"/> in one call.</summary>
public static class LocalAwsServerRedshiftExtensions
{
    /// <summary>
    /// Starts a <see cref="RedshiftWireProxy"/> in front of the PostgreSQL that <paramref name="adminConnectionString"/>
    /// (a superuser) points at and attaches it as cluster <paramref name="clusterIdentifier"/>. Disposing the
    /// returned cluster detaches it and stops the proxy.
    /// </summary>
    public static RedshiftCluster StartRedshiftCluster(
        this LocalAwsServer server, string clusterIdentifier, string adminConnectionString, RedshiftClusterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var backend = new NpgsqlConnectionStringBuilder(adminConnectionString);
        var proxy = RedshiftWireProxy.Start(new RedshiftWireProxyOptions
        {
            BackendHost = backend.Host ?? throw new ArgumentException("The admin connection string names no Host.", nameof(adminConnectionString)),
            BackendPort = backend.Port,
        });
        try
        {
            return server.State.Redshift.AttachCluster(clusterIdentifier, adminConnectionString, proxy, options, ownsProxy: true);
        }
        catch
        {
            proxy.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }
}

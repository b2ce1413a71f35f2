using GapTools.LocalAws.Redshift.ControlPlane;
using Npgsql;

namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>The statement cannot connect for a reason the emulator decides (a paused cluster, an unknown user).</summary>
internal sealed class DataApiConnectException(string message) : Exception(message);

/// <summary>
/// Opens a statement's own connection through the cluster's endpoint (the wire proxy), so COPY translation and the
/// proxy's fault switches apply exactly as on the wire front, and becomes the requested database user.
/// </summary>
internal static class DataApiConnector
{
    /// <exception cref="DataApiConnectException">The cluster's status does not accept connections, or the user does not exist.</exception>
    /// <exception cref="NpgsqlException">Connecting or logging in failed.</exception>
    public static async Task<NpgsqlConnection> OpenAsync(DataApiTarget target, RedshiftDataApiState state, CancellationToken cancellationToken)
    {
        var cluster = target.Cluster;
        if (RedshiftClusterStatus.AvailabilityOf(cluster.Status) is not ("Available" or "Modifying"))
        {
            throw new DataApiConnectException($"Cluster '{cluster.Identifier}' is {cluster.Status} and does not accept connections.");
        }

        var login = target.Login;
        var (user, password) = login.User is { } secretUser
            ? (secretUser, login.Password!)
            : await ServiceLoginAsync(state, cluster);

        var connection = new NpgsqlConnection(ServiceLogin.ConnectionString(cluster, user, password, target.Identity.Database));
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (login.Impersonate is { } dbUser)
            {
                await BecomeAsync(connection, dbUser, login.CreateRole, cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>What ExecuteStatementException says about a failed connect, or null for an unexpected exception.</summary>
    public static string? Describe(Exception exception, string clusterIdentifier) => exception switch
    {
        DataApiConnectException e => e.Message,
        PostgresException e => $"{e.InvariantSeverity}: {e.MessageText}",
        NpgsqlException e => $"Connection to cluster '{clusterIdentifier}' failed: {e.Message}" + (e.InnerException is { } inner ? $" ({inner.Message})" : ""),
        TimeoutException e => $"Connection to cluster '{clusterIdentifier}' timed out: {e.Message}",
        _ => null,
    };

    private static async Task<(string User, string Password)> ServiceLoginAsync(RedshiftDataApiState state, RedshiftCluster cluster)
    {
        var login = await state.ServiceLoginAsync(cluster);
        return (login.User, login.Password);
    }

    /// <summary>
    /// <c>SET SESSION AUTHORIZATION</c> to the user's role: the role named DbUser, else the <c>IAM:DbUser</c> role
    /// GetClusterCredentials creates. A missing role fails the login, as on Redshift, unless it is an IAM identity.
    /// </summary>
    private static async Task BecomeAsync(NpgsqlConnection connection, string dbUser, bool createRole, CancellationToken cancellationToken)
    {
        await using var find = new NpgsqlCommand(
            "SELECT rolname FROM pg_catalog.pg_roles WHERE rolname IN ($1, $2) ORDER BY rolname = $1 DESC LIMIT 1", connection);
        find.Parameters.Add(new NpgsqlParameter { Value = dbUser });
        find.Parameters.Add(new NpgsqlParameter { Value = "IAM:" + dbUser });
        var role = (string?)await find.ExecuteScalarAsync(cancellationToken);
        if (role is null)
        {
            if (!createRole)
            {
                // As a login with GetClusterCredentials (AutoCreate false) for an unknown user fails on Redshift.
                throw new DataApiConnectException($"FATAL: user \"{dbUser}\" does not exist");
            }

            role = dbUser;
            await CreateRoleAsync(connection, role, cancellationToken);
        }

        await ExecuteAsync(connection, $"SET SESSION AUTHORIZATION {ClusterCredentialIssuer.Quote(role)}", cancellationToken);
    }

    private static async Task CreateRoleAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(connection, $"CREATE ROLE {ClusterCredentialIssuer.Quote(role)}", cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.UniqueViolation)
        {
            // Another statement (or test) sharing the PostgreSQL server created it meanwhile.
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

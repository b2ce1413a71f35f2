using System.Security.Cryptography;
using GapTools.LocalAws.Redshift.ControlPlane;
using Npgsql;

namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>
/// The Data API's own login to a cluster, standing in for the credentials the real service obtains for itself:
/// a superuser role with a random password, created once per cluster over the cluster's admin connection. Every
/// statement logs in with it through the cluster's endpoint (the wire proxy) and then becomes the requested user
/// with <c>SET SESSION AUTHORIZATION</c>.
/// </summary>
/// <remarks>
/// The admin connection string's password is not readable from <see cref="RedshiftCluster"/>, and temporary
/// credentials from <see cref="ClusterCredentialIssuer"/> would replace the password of a user a test created.
/// Roles are global to the PostgreSQL server, so the name carries a random suffix; the server is throwaway.
/// </remarks>
internal sealed record ServiceLogin(string User, string Password)
{
    public static async Task<ServiceLogin> CreateAsync(RedshiftCluster cluster)
    {
        var login = new ServiceLogin(
            "localaws_data_api_" + RandomNumberGenerator.GetHexString(10, lowercase: true),
            RandomNumberGenerator.GetHexString(40, lowercase: true));

        // Role DDL takes no bind parameters; the name and password are generated hex.
        await using var command = cluster.Admin.CreateCommand(
            $"CREATE ROLE \"{login.User}\" WITH LOGIN SUPERUSER PASSWORD '{login.Password}'");
        await command.ExecuteNonQueryAsync();
        return login;
    }

    /// <summary>Never print the password.</summary>
    public override string ToString() => $"ServiceLogin {{ User = {User} }}";

    /// <summary>A non-pooled connection string through the cluster's endpoint: one physical connection per statement.</summary>
    public static string ConnectionString(RedshiftCluster cluster, string user, string password, string database) =>
        new NpgsqlConnectionStringBuilder(cluster.ConnectionString(user, password, database))
        {
            Pooling = false,
            Timeout = (int)RedshiftDataApiDefaults.ConnectTimeout.TotalSeconds,
            CommandTimeout = 0,
            ApplicationName = "LocalAws Redshift Data API",
        }.ConnectionString;
}

using System.Globalization;
using System.Security.Cryptography;
using GapTools.LocalAws.Protocols;
using Npgsql;

namespace GapTools.LocalAws.Redshift.ControlPlane;

/// <summary>A temporary database login as GetClusterCredentials returns it.</summary>
internal sealed record IssuedCredentials(string DbUser, string Password, DateTimeOffset Expiration);

/// <summary>
/// Makes temporary credentials real: a PostgreSQL login role named like the returned DbUser, with a random
/// password and <c>VALID UNTIL</c> at the expiration, so PostgreSQL itself refuses the password once it has expired
/// (the fixture authenticates TCP clients with scram-sha-256, never trust).
/// </summary>
/// <remarks>
/// Redshift lets several temporary passwords for one user be valid at once. A PostgreSQL role has one password, so
/// while a user's password is still valid it is handed out again and its validity extended to the latest
/// expiration; otherwise two workers sharing a DbUser would lock each other out.
/// </remarks>
internal sealed class ClusterCredentialIssuer(NpgsqlDataSource admin) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<string, (string Password, DateTimeOffset ValidUntil)> issued = new(StringComparer.Ordinal);

    public async Task<IssuedCredentials> IssueAsync(
        string dbUser, DateTimeOffset now, TimeSpan lifetime, bool autoCreate, IReadOnlyList<string> groups, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var expiration = now + lifetime;
            var (password, validUntil) = issued.TryGetValue(dbUser, out var current) && current.ValidUntil > now
                ? (current.Password, current.ValidUntil > expiration ? current.ValidUntil : expiration)
                : (RandomNumberGenerator.GetHexString(40, lowercase: false), expiration);

            await using var connection = await admin.OpenConnectionAsync(cancellationToken);
            if (!await RoleExistsAsync(connection, dbUser, cancellationToken))
            {
                if (!autoCreate)
                {
                    // As on Redshift: the call succeeds, the login fails because the user does not exist.
                    return new IssuedCredentials(dbUser, password, expiration);
                }

                await CreateRoleAsync(connection, dbUser, password, validUntil, cancellationToken);
            }
            else
            {
                await ExecuteAsync(connection, AlterRole(dbUser, password, validUntil), cancellationToken);
            }

            foreach (var group in groups)
            {
                if (!await RoleExistsAsync(connection, group, cancellationToken))
                {
                    throw new AwsErrorException("InvalidParameterValue", $"Database group '{group}' does not exist.");
                }

                await ExecuteAsync(connection, $"GRANT {Quote(group)} TO {Quote(dbUser)}", cancellationToken);
            }

            issued[dbUser] = (password, validUntil);
            return new IssuedCredentials(dbUser, password, expiration);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Ends every password issued to <paramref name="dbUser"/> now.</summary>
    public async Task ExpireAsync(string dbUser, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            issued.Remove(dbUser);
            await using var connection = await admin.OpenConnectionAsync(cancellationToken);
            if (await RoleExistsAsync(connection, dbUser, cancellationToken))
            {
                await ExecuteAsync(connection, $"ALTER ROLE {Quote(dbUser)} VALID UNTIL '1970-01-01 00:00:00+00'", cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // Role DDL takes no bind parameters; the password is generated hex and the timestamp is formatted here.
    private static string RoleOptions(string password, DateTimeOffset validUntil) =>
        string.Create(CultureInfo.InvariantCulture, $"LOGIN PASSWORD '{password}' VALID UNTIL '{validUntil.UtcDateTime:yyyy-MM-dd HH:mm:ss.ffffff}+00'");

    private static string AlterRole(string dbUser, string password, DateTimeOffset validUntil) =>
        $"ALTER ROLE {Quote(dbUser)} WITH {RoleOptions(password, validUntil)}";

    private static async Task CreateRoleAsync(NpgsqlConnection connection, string dbUser, string password, DateTimeOffset validUntil, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(connection, $"CREATE ROLE {Quote(dbUser)} WITH {RoleOptions(password, validUntil)}", cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateObject)
        {
            // Roles are global to the PostgreSQL cluster; another LocalAws sharing it created this one meanwhile.
            await ExecuteAsync(connection, AlterRole(dbUser, password, validUntil), cancellationToken);
        }
    }

    private static async Task<bool> RoleExistsAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

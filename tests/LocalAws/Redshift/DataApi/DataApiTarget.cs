using System.Text.Json;
using GapTools.LocalAws.Redshift.ControlPlane;

namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>
/// How a statement logs in. With <see cref="User"/> it is a real login through the endpoint (a secret's username
/// and password); otherwise the Data API's <see cref="ServiceLogin"/> becomes <see cref="Impersonate"/>.
/// </summary>
/// <param name="CreateRole">IAM identities are created on first use, as Redshift does for GetClusterCredentialsWithIAM.</param>
internal sealed record DatabaseLogin(string? User, string? Password, string? Impersonate, bool CreateRole)
{
    public override string ToString() => $"DatabaseLogin {{ User = {User}, Impersonate = {Impersonate} }}";
}

/// <summary>Where a submission runs: the cluster, what DescribeStatement reports, and the login.</summary>
internal sealed record DataApiTarget(RedshiftCluster Cluster, StatementIdentity Identity, DatabaseLogin Login);

/// <summary>Resolves ClusterIdentifier / WorkgroupName and DbUser / SecretArn / IAM identity into a <see cref="DataApiTarget"/>.</summary>
internal static class DataApiTargets
{
    /// <exception cref="Protocols.AwsErrorException">ValidationException (no such endpoint, bad secret) or ResourceNotFoundException (no such secret).</exception>
    public static DataApiTarget Resolve(DataApiSubmission submission, LocalAwsState state, string accessKeyId)
    {
        var clusterIdentifier = submission.ClusterIdentifier ?? state.RedshiftData.ClusterForWorkgroup(submission.WorkgroupName!);
        if (clusterIdentifier is null || !state.Redshift.TryGetCluster(clusterIdentifier, out var cluster))
        {
            throw DataApiErrors.Validation("Redshift endpoint doesn't exist in this region.");
        }

        if (submission.SecretArn is { } secretArn)
        {
            var secret = ReadSecret(state, secretArn);
            if (secret.ClusterIdentifier is { } secretCluster && submission.ClusterIdentifier is { } requested && secretCluster != requested)
            {
                throw DataApiErrors.Validation($"The secret's dbClusterIdentifier '{secretCluster}' does not match ClusterIdentifier '{requested}'.");
            }

            var database = submission.Database ?? secret.Database ?? throw DataApiErrors.Validation("Database must be specified.");
            return new DataApiTarget(
                cluster,
                new StatementIdentity(clusterIdentifier, submission.WorkgroupName, database, null, secretArn),
                new DatabaseLogin(secret.Username, secret.Password, Impersonate: null, CreateRole: false));
        }

        // Without DbUser the caller's IAM identity is the database user (IAM:user / IAMR:role), created on first use.
        var dbUser = submission.DbUser ?? state.Redshift.IamDbUserFor(accessKeyId);
        return new DataApiTarget(
            cluster,
            new StatementIdentity(clusterIdentifier, submission.WorkgroupName, submission.Database!, dbUser, null),
            new DatabaseLogin(null, null, dbUser, CreateRole: submission.DbUser is null));
    }

    /// <summary>The JSON secret the Data API expects: <c>{"username", "password"}</c>, optionally dbname and dbClusterIdentifier.</summary>
    private static (string Username, string Password, string? Database, string? ClusterIdentifier) ReadSecret(LocalAwsState state, string secretArn)
    {
        var secret = state.Ssm.FindSecret(secretArn) ?? throw DataApiErrors.SecretNotFound(secretArn);
        try
        {
            using var json = JsonDocument.Parse(secret.SecretString);
            var root = json.RootElement;
            string? Member(string name) =>
                root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;

            return Member("username") is { Length: > 0 } username && Member("password") is { } password
                ? (username, password, Member("dbname"), Member("dbClusterIdentifier"))
                : throw InvalidSecret();
        }
        catch (JsonException)
        {
            throw InvalidSecret();
        }
    }

    // The secret's value must never appear in the message.
    private static Protocols.AwsErrorException InvalidSecret() =>
        DataApiErrors.Validation("The secret must be a JSON object with \"username\" and \"password\".");
}

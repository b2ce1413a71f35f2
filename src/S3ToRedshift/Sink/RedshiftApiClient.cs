using System.Globalization;
using System.Xml.Linq;
using GapTools.Core.Signing;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>Temporary database credentials from GetClusterCredentials (the password is a secret: never log it).</summary>
internal sealed record ClusterCredentials(string DbUser, string DbPassword, DateTimeOffset Expiration)
{
    public override string ToString() => $"{DbUser} (password ****, expires {Expiration:O})";
}

/// <summary>
/// The two Redshift API calls the worker needs (query protocol, signing name <c>redshift</c>, API 2012-12-01)
/// over Core's <see cref="AwsQueryProtocolClient"/>. No retries here: callers wrap calls in a pipeline.
/// </summary>
internal sealed class RedshiftApiClient(AwsQueryProtocolClient client)
{
    public const string ApiVersion = "2012-12-01";

    /// <summary>DescribeClusters for one cluster; returns its <c>ClusterStatus</c> (available, modifying, …).</summary>
    public async Task<string> DescribeClusterStatusAsync(string clusterIdentifier, CancellationToken cancellationToken)
    {
        var result = await client.SendAsync("DescribeClusters", [new("ClusterIdentifier", clusterIdentifier)], cancellationToken).ConfigureAwait(false);
        return Find(result, "ClusterStatus")
            ?? throw new InvalidDataException($"DescribeClusters returned no ClusterStatus for {clusterIdentifier}.");
    }

    /// <summary>GetClusterCredentials: a temporary password for <c>IAM:dbUser</c>.</summary>
    public async Task<ClusterCredentials> GetClusterCredentialsAsync(
        string clusterIdentifier, string dbUser, string? dbName, TimeSpan duration, bool autoCreate, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("ClusterIdentifier", clusterIdentifier),
            new("DbUser", dbUser),
            new("DurationSeconds", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
            new("AutoCreate", autoCreate ? "true" : "false"),
        };
        if (dbName is not null)
        {
            parameters.Add(new("DbName", dbName));
        }

        var result = await client.SendAsync("GetClusterCredentials", parameters, cancellationToken).ConfigureAwait(false);
        var user = Find(result, "DbUser") ?? throw new InvalidDataException("GetClusterCredentials returned no DbUser.");
        var password = Find(result, "DbPassword") ?? throw new InvalidDataException("GetClusterCredentials returned no DbPassword.");
        var expiration = Find(result, "Expiration") is { } text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : DateTimeOffset.UtcNow + duration;
        return new ClusterCredentials(user, password, expiration);
    }

    private static string? Find(XElement root, string name) =>
        root.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}

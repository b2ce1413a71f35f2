using System.Collections.Concurrent;
using GapTools.LocalAws.Redshift.Copy;
using GapTools.LocalAws.Redshift.Wire;

namespace GapTools.LocalAws.Redshift.ControlPlane;

/// <summary>
/// The Redshift clusters LocalAws knows. A cluster is a <see cref="RedshiftWireProxy"/> in front of a real
/// PostgreSQL plus the admin connection string the control plane uses to create temporary users.
/// </summary>
public sealed class RedshiftState
{
    private readonly ConcurrentDictionary<string, RedshiftCluster> clusters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> iamDbUsers = new(StringComparer.Ordinal);

    internal RedshiftState(LocalAwsState owner)
    {
        Owner = owner;
    }

    /// <summary>Every attached cluster, ordered by identifier.</summary>
    public IReadOnlyList<RedshiftCluster> Clusters => clusters.Values.OrderBy(c => c.Identifier, StringComparer.Ordinal).ToList();

    /// <summary>
    /// When set, every temporary credential issued from now on lives this long instead of DurationSeconds, so a
    /// test can watch one expire without waiting 15 minutes. Null (the default) honours DurationSeconds.
    /// </summary>
    public TimeSpan? CredentialLifetimeOverride { get; set; }

    internal LocalAwsState Owner { get; }

    /// <summary>Where COPY reads <c>s3://</c> objects; read at each COPY, so it may be replaced at any time.</summary>
    internal IS3ObjectSource ObjectSource { get; set; } = UnwiredS3ObjectSource.Instance;

    internal TimeProvider Time => Owner.Time;

    /// <summary>
    /// Attaches a cluster: DescribeClusters reports <paramref name="proxy"/>'s endpoint, GetClusterCredentials
    /// creates users through <paramref name="adminConnectionString"/> (a superuser of the PostgreSQL behind the
    /// proxy; its database and user become DBName and MasterUsername).
    /// </summary>
    /// <param name="ownsProxy">Dispose the proxy with the cluster.</param>
    public RedshiftCluster AttachCluster(
        string clusterIdentifier,
        string adminConnectionString,
        RedshiftWireProxy proxy,
        RedshiftClusterOptions? options = null,
        bool ownsProxy = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterIdentifier);
        ArgumentException.ThrowIfNullOrEmpty(adminConnectionString);
        ArgumentNullException.ThrowIfNull(proxy);
        if (clusters.ContainsKey(clusterIdentifier))
        {
            throw AlreadyAttached(clusterIdentifier);
        }

        // Nothing is opened until the cluster is used, so a lost race below leaves nothing behind.
        var cluster = new RedshiftCluster(this, clusterIdentifier, adminConnectionString, proxy, options ?? new RedshiftClusterOptions(), ownsProxy);
        if (!clusters.TryAdd(clusterIdentifier, cluster))
        {
            throw AlreadyAttached(clusterIdentifier);
        }

        proxy.CopyRewriter = cluster.CopyRewriter;
        return cluster;
    }

    public RedshiftCluster GetCluster(string clusterIdentifier) =>
        clusters.TryGetValue(clusterIdentifier, out var cluster)
            ? cluster
            : throw new KeyNotFoundException($"No Redshift cluster named '{clusterIdentifier}' is attached.");

    public bool TryGetCluster(string clusterIdentifier, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out RedshiftCluster cluster) =>
        clusters.TryGetValue(clusterIdentifier, out cluster);

    /// <summary>
    /// The database user GetClusterCredentialsWithIAM maps an access key to, e.g. <c>IAMR:loader</c> for a role.
    /// Unmapped keys get <c>IAMR:&lt;access key id&gt;</c>.
    /// </summary>
    public void MapIamIdentity(string accessKeyId, string dbUser)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(dbUser);
        iamDbUsers[accessKeyId] = dbUser;
    }

    internal string IamDbUserFor(string accessKeyId) =>
        iamDbUsers.TryGetValue(accessKeyId, out var dbUser) ? dbUser : "IAMR:" + accessKeyId;

    private static InvalidOperationException AlreadyAttached(string clusterIdentifier) =>
        new($"A Redshift cluster named '{clusterIdentifier}' is already attached.");

    internal void Detach(RedshiftCluster cluster) => ((ICollection<KeyValuePair<string, RedshiftCluster>>)clusters).Remove(new(cluster.Identifier, cluster));
}

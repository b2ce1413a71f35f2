using GapTools.LocalAws.Redshift.Copy;
using GapTools.LocalAws.Redshift.Wire;
using Npgsql;

namespace GapTools.LocalAws.Redshift.ControlPlane;

/// <summary>
/// One attached cluster. Tests change <see cref="Status"/> to play maintenance (DescribeClusters reports it) and
/// use the proxy's switches to make connections fail; <see cref="BeginMaintenance"/> does both at once.
/// </summary>
public sealed class RedshiftCluster : IAsyncDisposable
{
    private readonly RedshiftState state;
    private readonly bool ownsProxy;
    private string status;

    internal RedshiftCluster(RedshiftState state, string identifier, string adminConnectionString, RedshiftWireProxy proxy, RedshiftClusterOptions options, bool ownsProxy)
    {
        this.state = state;
        this.ownsProxy = ownsProxy;
        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString);
        Identifier = identifier;
        Proxy = proxy;
        NodeType = options.NodeType;
        NumberOfNodes = options.NumberOfNodes;
        status = options.Status;
        DatabaseName = admin.Database ?? admin.Username ?? "dev";
        MasterUsername = admin.Username ?? "";
        MasterPassword = admin.Password;
        CreateTime = state.Time.GetUtcNow();
        Admin = NpgsqlDataSource.Create(adminConnectionString);
        Credentials = new ClusterCredentialIssuer(Admin);
        CopyRewriter = new CopyRewriter(() => state.ObjectSource, adminConnectionString, state.Time);
        CopyCost = options.CopyCost;
    }

    public string Identifier { get; }

    /// <summary>
    /// What COPY and its commit cost in time on this cluster's endpoint (<see cref="CopyCostModel"/>); starts as
    /// <see cref="RedshiftClusterOptions.CopyCost"/>. Statements already waiting keep the model they started with.
    /// </summary>
    public CopyCostModel CopyCost
    {
        get => Proxy.CopyCost.Model;
        set => Proxy.CopyCost = new CopyCostClock(value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The <c>ClusterStatus</c> DescribeClusters reports, e.g. <see cref="RedshiftClusterStatus.Modifying"/>.</summary>
    public string Status
    {
        get => Volatile.Read(ref status);
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            Volatile.Write(ref status, value);
        }
    }

    public string NodeType { get; }

    public int NumberOfNodes { get; }

    /// <summary>DBName: the admin connection string's database.</summary>
    public string DatabaseName { get; }

    /// <summary>MasterUsername: the admin connection string's user.</summary>
    public string MasterUsername { get; }

    /// <summary>The admin connection string's password (null when it has none), for the standalone control endpoint.</summary>
    internal string? MasterPassword { get; }

    public DateTimeOffset CreateTime { get; }

    /// <summary>The endpoint clients connect to (DescribeClusters' Endpoint).</summary>
    public RedshiftWireProxy Proxy { get; }

    internal NpgsqlDataSource Admin { get; }

    internal ClusterCredentialIssuer Credentials { get; }

    internal CopyRewriter CopyRewriter { get; }

    /// <summary>A connection string to this cluster's endpoint (the proxy) for the given user.</summary>
    public string ConnectionString(string username, string password, string? database = null) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = Proxy.Host,
            Port = Proxy.Port,
            Username = username,
            Password = password,
            Database = database ?? DatabaseName,
        }.ConnectionString;

    /// <summary>
    /// A maintenance window: the status changes, open connections are reset and new ones refused until
    /// <see cref="EndMaintenance"/>.
    /// </summary>
    public void BeginMaintenance(string maintenanceStatus = RedshiftClusterStatus.Modifying)
    {
        Status = maintenanceStatus;
        Proxy.RefuseConnections = true;
        Proxy.DropAllConnections();
    }

    /// <summary>Back to <c>available</c>, accepting connections.</summary>
    public void EndMaintenance()
    {
        Proxy.RefuseConnections = false;
        Status = RedshiftClusterStatus.Available;
    }

    /// <summary>Makes every temporary password issued to <paramref name="dbUser"/> (e.g. <c>IAM:alice</c>) expire now.</summary>
    public Task ExpireCredentialsAsync(string dbUser, CancellationToken cancellationToken = default) =>
        Credentials.ExpireAsync(dbUser, cancellationToken);

    /// <summary>Detaches the cluster; stops the proxy when the cluster owns it.</summary>
    public async ValueTask DisposeAsync()
    {
        state.Detach(this);
        if (ownsProxy)
        {
            await Proxy.DisposeAsync();
        }
        else
        {
            Proxy.CopyRewriter = UnattachedCopyRewriter.Instance;
            Proxy.CopyCost = CopyCostClock.Off;
        }

        await CopyRewriter.DisposeAsync();
        Credentials.Dispose();
        await Admin.DisposeAsync();
    }
}

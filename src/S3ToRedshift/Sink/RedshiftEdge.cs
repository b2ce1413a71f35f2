using Amazon.Runtime;
using GapTools.Core.Resilience;
using GapTools.Core.Signing;
using GapTools.S3ToRedshift.Configuration;
using GapTools.S3ToRedshift.Sink.DataApi;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// Everything that talks to Redshift, built once from options: the copier for the configured transport (a pooled
/// <see cref="NpgsqlDataSource"/> with a static or IAM password, or the Data API), the Redshift API client
/// (DescribeClusters, GetClusterCredentials) and the maintenance gate. Owns and disposes them.
/// </summary>
internal sealed partial class RedshiftEdge : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly NpgsqlDataSource? _dataSource;

    public RedshiftEdge(S3ToRedshiftOptions options, AWSCredentials credentials, string region, Uri? serviceUrl, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        var redshift = options.Redshift;
        var logger = loggers.CreateLogger("GapTools.S3ToRedshift.Redshift");
        ApiRetry = ResiliencePipelines.Create(new RetryOptions(), "redshift.Api", new ResilienceInputs { TimeProvider = time, Logger = logger });
        if (redshift.ClusterIdentifier is { } cluster && (redshift.IamAuthentication || redshift.PauseDuringMaintenance))
        {
            var endpoint = AwsEndpoints.Resolve("REDSHIFT", AwsEndpoints.Regional("redshift", region), (redshift.ApiUrl ?? serviceUrl)?.ToString());
            Api = new RedshiftApiClient(new AwsQueryProtocolClient(Signed(credentials, region, "redshift", time), endpoint, RedshiftApiClient.ApiVersion));
            if (redshift.PauseDuringMaintenance)
            {
                var api = Api;
                var retry = ApiRetry;
                Cluster = new ClusterAvailability(
                    cluster,
                    ct => retry.ExecuteAsync(async t => await api.DescribeClusterStatusAsync(cluster, t).ConfigureAwait(false), ct).AsTask(),
                    time, S3ToRedshiftDefaults.ClusterStatusMaxAge, S3ToRedshiftDefaults.UnavailablePollDelay, S3ToRedshiftDefaults.UnavailablePollMaxDelay,
                    loggers.CreateLogger<ClusterAvailability>());
            }
        }

        if (redshift.Transport == RedshiftTransport.DataApi)
        {
            var endpoint = AwsEndpoints.Resolve("REDSHIFT_DATA", AwsEndpoints.Regional("redshift-data", region), (redshift.DataApiUrl ?? serviceUrl)?.ToString());
            Copier = new DataApiRedshiftCopier(
                new AwsJsonProtocolClient(Signed(credentials, region, "redshift-data", time), endpoint, "RedshiftData"),
                new StatementTarget
                {
                    ClusterIdentifier = redshift.ClusterIdentifier,
                    WorkgroupName = redshift.WorkgroupName,
                    SecretArn = redshift.SecretArn,
                    DbUser = redshift.SecretArn is null ? redshift.User : null,
                    Database = redshift.Database,
                },
                time,
                redshift.StatementPollInterval);
            MaxStatementLength = DataApiRedshiftCopier.MaxStatementLength;
        }
        else
        {
            var passwords = redshift.IamAuthentication ? IamPasswords(redshift, time, logger) : null;
            if (passwords is not null)
            {
                _owned.Add(passwords);
            }

            _dataSource = passwords is null
                ? RedshiftDataSource.Create(redshift)
                : RedshiftDataSource.Create(redshift, passwords.GetAsync, userOverride: "IAM:" + redshift.User);
            Copier = new NpgsqlRedshiftCopier(_dataSource, redshift.CommandTimeout, passwords is null ? null : passwords.Invalidate);
            MaxStatementLength = 1_000_000;
        }
    }

    public IRedshiftCopier Copier { get; }

    public int MaxStatementLength { get; }

    public RedshiftApiClient? Api { get; }

    public ResiliencePipeline ApiRetry { get; }

    /// <summary>The maintenance gate, when a provisioned cluster is configured and checks are on.</summary>
    public ClusterAvailability? Cluster { get; }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var client in _owned)
        {
            client.Dispose();
        }
    }

    private IamPasswordCache IamPasswords(RedshiftOptions redshift, TimeProvider time, ILogger logger)
    {
        var api = Api!;
        var retry = ApiRetry;
        return new IamPasswordCache(
            async ct =>
            {
                var issued = await retry.ExecuteAsync(
                    async t => await api.GetClusterCredentialsAsync(redshift.ClusterIdentifier!, redshift.User!, redshift.Database, redshift.CredentialsDuration, redshift.AutoCreateUser, t).ConfigureAwait(false),
                    ct).ConfigureAwait(false);
                LogCredentials(logger, issued.DbUser, issued.Expiration);
                return issued;
            },
            time);
    }

    private HttpClient Signed(AWSCredentials credentials, string region, string service, TimeProvider time)
    {
        var client = new HttpClient(new AwsSigV4Handler(credentials, region, service, time) { InnerHandler = new SocketsHttpHandler() }) { Timeout = TimeSpan.FromSeconds(60) };
        _owned.Add(client);
        return client;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Temporary database credentials for {DbUser} issued, valid until {Expiration:O}")]
    private static partial void LogCredentials(ILogger logger, string dbUser, DateTimeOffset expiration);
}

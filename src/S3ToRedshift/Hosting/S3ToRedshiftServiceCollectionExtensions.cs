using System.Diagnostics.Metrics;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using GapTools.Core.Signing;
using GapTools.Core.Sqs;
using GapTools.Core.Workers;
using GapTools.S3ToRedshift.Configuration;
using GapTools.S3ToRedshift.Hosting;
using GapTools.S3ToRedshift.Sink;
using GapTools.S3ToRedshift.Source;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// In the DI namespace, as the Microsoft.Extensions.* registration methods are.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers S3ToRedshift as the S3 objects handler of a GapTools worker host (see <c>GapTools.Core.Workers.WorkerHost</c>).</summary>
public static class S3ToRedshiftServiceCollectionExtensions
{
    /// <summary>
    /// Adds the tool with options bound from the <c>S3ToRedshift</c> section of <paramref name="configuration"/>
    /// (the queue is Core's <c>Sqs</c> section), validated when the host starts (every problem, naming its key).
    /// Unless configured, the SQS consumer keeps 2,000 messages in flight with 4 long polls so batches can fill.
    /// </summary>
    public static IServiceCollection AddS3ToRedshift(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<S3ToRedshiftOptions>().Bind(configuration.GetSection(S3ToRedshiftDefaults.SectionName));
        var maxInFlightSet = configuration[$"{WorkerHost.SqsSectionName}:Consumer:MaxInFlight"] is not null;
        var concurrencySet = configuration[$"{WorkerHost.SqsSectionName}:Consumer:ReceiveConcurrency"] is not null;
        services.PostConfigure<SqsSourceOptions>(o => o.Consumer = o.Consumer with
        {
            MaxInFlight = maxInFlightSet ? o.Consumer.MaxInFlight : S3ToRedshiftDefaults.MaxInFlight,
            ReceiveConcurrency = concurrencySet ? o.Consumer.ReceiveConcurrency : S3ToRedshiftDefaults.ReceiveConcurrency,
        });
        return services.AddS3ToRedshiftServices();
    }

    /// <summary>Adds the tool with options set in code, validated when the host starts.</summary>
    public static IServiceCollection AddS3ToRedshift(this IServiceCollection services, Action<S3ToRedshiftOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<S3ToRedshiftOptions>().Configure(configure);
        return services.AddS3ToRedshiftServices();
    }

    private static IServiceCollection AddS3ToRedshiftServices(this IServiceCollection services)
    {
        services.AddOptions<S3ToRedshiftOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3ToRedshiftOptions>, S3ToRedshiftOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3ToRedshiftOptions>, S3ToRedshiftOptionsRulesValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new S3ToRedshiftMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => Credentials(Options(sp).Aws));
        services.TryAddSingleton<IAmazonS3>(CreateS3);
        services.TryAddSingleton<IAmazonSQS>(CreateSqs);
        services.TryAddSingleton(sp => new RedshiftEdge(
            Options(sp), sp.GetRequiredService<AWSCredentials>(), Region(Options(sp).Aws), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton(CreateEngine);
        services.TryAddSingleton<IS3ObjectsHandler, RedshiftObjectsHandler>();
        services.TryAddSingleton<IWorkerDryRun, RedshiftDryRun>();
        services.TryAddSingleton<IReceiveGate, RedshiftReceiveGate>();
        services.TryAddSingleton<IQueueIdleObserver, RedshiftIdleFlush>();
        return services;
    }

    private static LoadEngine CreateEngine(IServiceProvider sp)
    {
        var options = Options(sp);
        var edge = sp.GetRequiredService<RedshiftEdge>();
        var time = sp.GetRequiredService<TimeProvider>();
        var metrics = sp.GetRequiredService<S3ToRedshiftMetrics>();
        var loggers = sp.GetRequiredService<ILoggerFactory>();
        var logger = loggers.CreateLogger("GapTools.S3ToRedshift");
        foreach (var rule in S3ToRedshiftOptionsRules.BuildRules(options))
        {
            StartupLog.Target(logger, rule);
        }

        ICopyCredentialsSource credentials = options.Copy.Authorization == CopyAuthorization.IamRole
            ? new IamRoleCopyCredentials(options.Copy.IamRole!)
            : new WorkerCopyCredentials(sp.GetRequiredService<AWSCredentials>());
        var retry = LoadRetry.Create(options.Retry, time, null, logger, () => metrics.Retries.Add(1));
        var engine = new LoadEngine(
            options, edge.Copier, new S3ManifestStore(sp.GetRequiredService<IAmazonS3>()), credentials,
            (IClusterAvailability?)edge.Cluster ?? AlwaysAvailable.Instance, retry, edge.MaxStatementLength, time, metrics, loggers);

        // Stopping (SIGTERM): close open batches at once (and those of messages still being handed over) so they load
        // within the consumer's grace instead of after MaxWait.
        sp.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(engine.Batcher.Drain);
        return engine;
    }

    private static S3ToRedshiftOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<S3ToRedshiftOptions>>().Value;

    private static string Region(AwsOptions aws) => AwsDefaultChain.ResolveRegion(aws.Region);

    private static AWSCredentials Credentials(AwsOptions aws) => aws switch
    {
        { AccessKeyId: { Length: > 0 } id, SecretAccessKey: { Length: > 0 } secret, SessionToken: { Length: > 0 } token } => new SessionAWSCredentials(id, secret, token),
        { AccessKeyId: { Length: > 0 } id, SecretAccessKey: { Length: > 0 } secret } => new BasicAWSCredentials(id, secret),
        _ => AwsDefaultChain.ResolveCredentials(),
    };

    // S3 (manifests, backfill): the SDK's own retries are this edge's one retry layer.
    private static AmazonS3Client CreateS3(IServiceProvider sp)
    {
        var aws = Options(sp).Aws;
        var region = Region(aws);
        var config = new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(region) };
        if (aws.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }

        return new AmazonS3Client(sp.GetRequiredService<AWSCredentials>(), config);
    }

    // SQS: the consumer retries with its own pipelines, so the SDK must not retry too.
    private static AmazonSQSClient CreateSqs(IServiceProvider sp)
    {
        var aws = Options(sp).Aws;
        var region = Region(aws);
        var config = new AmazonSQSConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region), MaxErrorRetry = 0 };
        if (aws.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = region;
        }

        return new AmazonSQSClient(sp.GetRequiredService<AWSCredentials>(), config);
    }
}

/// <summary>Startup lines.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Target {Rule}")]
    public static partial void Target(ILogger logger, GapTools.S3ToRedshift.Routing.RouteRule rule);
}

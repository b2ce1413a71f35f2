using System.Diagnostics.Metrics;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using GapTools.Core.Resilience;
using GapTools.Core.Signing;
using GapTools.Core.Workers;
using GapTools.S3ToCloudSearch;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.S3ToCloudSearch.Hosting;
using GapTools.S3ToCloudSearch.Sink;
using GapTools.S3ToCloudSearch.Source;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// In the DI namespace, as the Microsoft.Extensions.* registration methods are.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers S3ToCloudSearch as the S3 objects handler of a GapTools worker host (see <c>GapTools.Core.Workers.WorkerHost</c>).</summary>
public static class S3ToCloudSearchServiceCollectionExtensions
{
    /// <summary>
    /// Adds the tool with options bound from the <c>S3ToCloudSearch</c> section of <paramref name="configuration"/>,
    /// validated when the host starts (every problem listed, naming its key).
    /// </summary>
    public static IServiceCollection AddS3ToCloudSearch(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<S3ToCloudSearchOptions>().Bind(configuration.GetSection(S3ToCloudSearchOptions.SectionName));
        return services.AddS3ToCloudSearchServices();
    }

    /// <summary>Adds the tool with options set in code, validated when the host starts.</summary>
    public static IServiceCollection AddS3ToCloudSearch(this IServiceCollection services, Action<S3ToCloudSearchOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<S3ToCloudSearchOptions>().Configure(configure);
        return services.AddS3ToCloudSearchServices();
    }

    private static IServiceCollection AddS3ToCloudSearchServices(this IServiceCollection services)
    {
        services.AddOptions<S3ToCloudSearchOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3ToCloudSearchOptions>, S3ToCloudSearchOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new S3ToCloudSearchMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<AWSCredentials>(_ => AwsDefaultChain.ResolveCredentials());
        services.TryAddSingleton<IAmazonS3>(sp => CreateS3(sp));
        services.TryAddSingleton<IAmazonSQS>(sp => CreateSqs(sp));
        services.TryAddSingleton<IS3ObjectStore>(sp => new AmazonS3ObjectStore(sp.GetRequiredService<IAmazonS3>()));
        services.TryAddSingleton(sp =>
        {
            var options = Options(sp);
            return new CloudSearchClients(sp.GetRequiredService<AWSCredentials>(), options.Aws.Region, options.UploadTimeout, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(CreatePipeline);
        services.TryAddSingleton<IS3ObjectsHandler, CloudSearchObjectsHandler>();
        services.TryAddSingleton<IWorkerDryRun, CloudSearchDryRun>();
        return services;
    }

    private static DocumentPipeline CreatePipeline(IServiceProvider sp)
    {
        var options = Options(sp);
        var time = sp.GetRequiredService<TimeProvider>();
        var metrics = sp.GetRequiredService<S3ToCloudSearchMetrics>();
        var loggers = sp.GetRequiredService<ILoggerFactory>();
        var logger = loggers.CreateLogger("GapTools.S3ToCloudSearch");
        var store = sp.GetRequiredService<IS3ObjectStore>();
        var errors = new ErrorSink(
            store,
            S3Location.TryParse(options.ErrorsLocation, out var location, out _) ? location : null,
            metrics,
            loggers.CreateLogger("GapTools.S3ToCloudSearch.Errors"));
        var uploads = ResiliencePipelines.Create(options.UploadRetry, "cloudsearch.UploadDocuments", new ResilienceInputs
        {
            TimeProvider = time,
            Logger = logger,
            OnRetry = _ => metrics.Retries.Add(1, new KeyValuePair<string, object?>("operation", "UploadDocuments")),
        });
        var clients = sp.GetRequiredService<CloudSearchClients>();
        return new DocumentPipeline(
            options,
            new EndpointRoutes(options),
            store,
            endpoint => new BatchUploader(clients.For(endpoint), uploads, errors, metrics, logger),
            errors,
            metrics,
            time,
            logger);
    }

    private static S3ToCloudSearchOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<S3ToCloudSearchOptions>>().Value;

    // S3: the SDK's own retries are the S3 edge's one retry layer.
    private static AmazonS3Client CreateS3(IServiceProvider sp)
    {
        var aws = Options(sp).Aws;
        var config = new AmazonS3Config();
        if (aws.Region is { Length: > 0 } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (aws.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = aws.Region ?? AwsDefaultChain.ResolveRegion();
        }

        return new AmazonS3Client(sp.GetRequiredService<AWSCredentials>(), config);
    }

    // SQS: the consumer retries with its own pipelines, so the SDK must not retry too.
    private static AmazonSQSClient CreateSqs(IServiceProvider sp)
    {
        var aws = Options(sp).Aws;
        var config = new AmazonSQSConfig { MaxErrorRetry = 0 };
        if (aws.Region is { Length: > 0 } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (aws.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = aws.Region ?? AwsDefaultChain.ResolveRegion();
        }

        return new AmazonSQSClient(sp.GetRequiredService<AWSCredentials>(), config);
    }
}

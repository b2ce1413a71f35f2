using System.Diagnostics.Metrics;
using Amazon.Extensions.NETCore.Setup;
using GapTools.S3ToCloudSearch;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.S3ToCloudSearch.Hosting;
using GapTools.Workers;
using GapTools.Workers.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// In the DI namespace, as the Microsoft.Extensions.* registration methods are.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers S3ToCloudSearch in an application's services. The tool builds its own S3, SQS and CloudSearch clients
/// from its AWS settings: an <c>IAmazonS3</c>, <c>IAmazonSQS</c> or <c>AWSCredentials</c> the application registered
/// is neither used nor replaced. Every registration is idempotent and keyed by the tool's own types, so other GapTools
/// workers can share the host.
/// </summary>
public static class S3ToCloudSearchServiceCollectionExtensions
{
    /// <summary>
    /// Adds the worker as a hosted service consuming <c>S3ToCloudSearch:Sqs:Queue</c>, with options bound from the
    /// <c>S3ToCloudSearch</c> section of <paramref name="configuration"/> and AWS access from the standard <c>AWS</c>
    /// section overlaid by <c>S3ToCloudSearch:AWS</c> (<see cref="AwsSettings.Read"/>). The options are validated when
    /// the host starts: every problem is listed, each naming its key (<c>S3ToCloudSearch:Sqs:Queue is required</c>).
    /// </summary>
    public static IServiceCollection AddS3ToCloudSearch(this IServiceCollection services, IConfiguration configuration)
    {
        return services.AddS3ToCloudSearchWorker(configuration).AddHostedWorker();
    }

    /// <summary>
    /// Adds the worker as a hosted service with options set in code (validated when the host starts, the queue
    /// required) and AWS access from <paramref name="aws"/>; null uses the SDK's defaults (<c>new AWSOptions()</c>:
    /// environment, profile, instance role).
    /// </summary>
    public static IServiceCollection AddS3ToCloudSearch(this IServiceCollection services, Action<S3ToCloudSearchOptions> configure, AWSOptions? aws = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<S3ToCloudSearchOptions>().Configure(configure);
        return services.AddWorker(aws ?? new AWSOptions()).AddHostedWorker();
    }

    /// <summary>
    /// Adds only the <see cref="S3ToCloudSearchWorker"/> (no hosted service, no queue required), configured as in
    /// <see cref="AddS3ToCloudSearch(IServiceCollection, IConfiguration)"/>: for applications that hand it work
    /// themselves (<see cref="S3ToCloudSearchWorker.ProcessAsync"/>: event-file replays, backfills, other triggers).
    /// </summary>
    public static IServiceCollection AddS3ToCloudSearchWorker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(S3ToCloudSearchOptions.SectionName);
        services.AddOptions<S3ToCloudSearchOptions>().Bind(section);
        // A key the tool does not read is a typo or a misplaced section, not a default to apply silently.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3ToCloudSearchOptions>>(
            new UnknownKeysValidator<S3ToCloudSearchOptions>(section, KnownKeys.Value)));
        return services.AddWorker(AwsSettings.Read(configuration, S3ToCloudSearchOptions.SectionName));
    }

    private static IServiceCollection AddWorker(this IServiceCollection services, AWSOptions aws)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<S3ToCloudSearchOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3ToCloudSearchOptions>, S3ToCloudSearchOptionsValidator>());
        services.TryAddKeyedSingleton(S3ToCloudSearchOptions.SectionName, aws);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => S3ToCloudSearchWorker.Create(
            sp.GetRequiredService<IOptions<S3ToCloudSearchOptions>>().Value,
            sp.GetRequiredKeyedService<AWSOptions>(S3ToCloudSearchOptions.SectionName),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IMeterFactory>()));
        return services;
    }

    private static IServiceCollection AddHostedWorker(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3ToCloudSearchOptions>>(
            new SqsQueueRequired<S3ToCloudSearchOptions>(S3ToCloudSearchOptions.SectionName, o => o.Sqs)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, S3ToCloudSearchService>());
        return services;
    }
}

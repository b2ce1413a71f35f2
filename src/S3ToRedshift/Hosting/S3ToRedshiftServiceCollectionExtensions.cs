using System.Diagnostics.Metrics;
using Amazon.Extensions.NETCore.Setup;
using GapTools.S3ToRedshift;
using GapTools.S3ToRedshift.Configuration;
using GapTools.S3ToRedshift.Hosting;
using GapTools.Workers;
using GapTools.Workers.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// In the DI namespace, as the Microsoft.Extensions.* registration methods are.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds S3ToRedshift to any Generic Host application: options, the worker and its hosted service.</summary>
public static class S3ToRedshiftServiceCollectionExtensions
{
    /// <summary>
    /// Adds the worker with options bound from the <c>S3ToRedshift</c> section of <paramref name="configuration"/>
    /// (its queue included: <c>S3ToRedshift:Sqs:Queue</c>) and AWS access from the standard <c>AWS</c> section,
    /// overridable in <c>S3ToRedshift:AWS</c>. Options are validated when the host starts (every problem at once,
    /// naming its key). The worker's AWS clients are its own: an <c>IAmazonS3</c> or <c>IAmazonSQS</c> the application
    /// registered is neither used nor replaced.
    /// </summary>
    public static IServiceCollection AddS3ToRedshift(this IServiceCollection services, IConfiguration configuration) =>
        services.AddS3ToRedshiftWorker(configuration).AddHostedWorker();

    /// <summary>Adds the worker and its hosted service with options set in code (and <paramref name="aws"/>, default: the SDK's chains), validated when the host starts.</summary>
    public static IServiceCollection AddS3ToRedshift(this IServiceCollection services, Action<S3ToRedshiftOptions> configure, AWSOptions? aws = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<S3ToRedshiftOptions>().Configure(configure);
        return services.AddS3ToRedshiftServices(_ => aws ?? new AWSOptions()).AddHostedWorker();
    }

    /// <summary>
    /// Adds only the <see cref="S3ToRedshiftWorker"/> (no hosted service, no queue required), configured as in
    /// <see cref="AddS3ToRedshift(IServiceCollection, IConfiguration)"/>: for adapters that hand it work themselves
    /// (<see cref="S3ToRedshiftWorker.ProcessAsync"/>: event-file replays, backfills, other triggers).
    /// </summary>
    public static IServiceCollection AddS3ToRedshiftWorker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(S3ToRedshiftDefaults.SectionName);
        services.AddOptions<S3ToRedshiftOptions>().Bind(section);
        // A key the tool does not read is a typo or a misplaced section, not a default to apply silently.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3ToRedshiftOptions>>(
            new UnknownKeysValidator<S3ToRedshiftOptions>(section, KnownKeys.Value)));
        return services.AddS3ToRedshiftServices(_ => AwsSettings.Read(configuration, S3ToRedshiftDefaults.SectionName));
    }

    private static IServiceCollection AddHostedWorker(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3ToRedshiftOptions>>(
            new SqsQueueRequired<S3ToRedshiftOptions>(S3ToRedshiftDefaults.SectionName, o => o.Sqs)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, S3ToRedshiftService>());
        return services;
    }

    private static IServiceCollection AddS3ToRedshiftServices(this IServiceCollection services, Func<IServiceProvider, AWSOptions> aws)
    {
        services.AddOptions<S3ToRedshiftOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3ToRedshiftOptions>, S3ToRedshiftOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3ToRedshiftOptions>, S3ToRedshiftOptionsRulesValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(S3ToRedshiftDefaults.SectionName, (sp, _) => aws(sp));
        services.TryAddSingleton(sp => S3ToRedshiftWorker.Create(
            sp.GetRequiredService<IOptions<S3ToRedshiftOptions>>().Value,
            sp.GetRequiredKeyedService<AWSOptions>(S3ToRedshiftDefaults.SectionName),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IMeterFactory>()));
        return services;
    }
}

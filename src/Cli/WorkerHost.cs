using System.Text.RegularExpressions;
using Amazon.Extensions.NETCore.Setup;
using GapTools.Cli.Logging;
using GapTools.Core;
using GapTools.Workers;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace GapTools.Cli;

/// <summary>
/// The command-line host of a GapTools worker: a Generic Host (<c>appsettings.json</c>,
/// <c>appsettings.{Environment}.json</c>, <c>DOTNET_</c> variables, the <c>Logging</c> section) plus <c>--config</c>,
/// <c>GAPTOOLS_</c> variables and <c>--set</c>, console logs on stderr (text or JSON), the stop timeout and systemd.
/// The tool registers itself exactly as an application would (<c>services.AddS3ToRedshift(configuration)</c>).
/// </summary>
public static partial class WorkerHost
{
    /// <summary>Configuration key of the host's stop timeout; ECS and Fargate Spot default to 30 s.</summary>
    public const string ShutdownTimeoutKey = "Worker:ShutdownTimeout";

    /// <summary>The stop timeout when <see cref="ShutdownTimeoutKey"/> is not set: 30 s.</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);

    // The release of in-flight messages after the grace: one ChangeMessageVisibilityBatch per ten messages.
    private static readonly TimeSpan ReleaseAllowance = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The host builder for <paramref name="invocation"/>: configuration sources in rising precedence, logging, stop
    /// timeout, systemd. <c>--batch</c> and <c>--max-execution-time</c> become keys of <paramref name="toolSection"/>'s
    /// consumer. A <c>--config</c> file is JSON, or whatever <paramref name="configFileSource"/> reads (a Rin
    /// <c>config.yaml</c>); any other file is a configuration error.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(
        WorkerInvocation invocation,
        IReadOnlyDictionary<string, string?> overrides,
        string toolSection,
        Func<string, IConfigurationSource?>? configFileSource = null)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(overrides);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });

        // Beside the binary first (a container image's defaults), then the working directory's (already added).
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
            Optional = true,
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
        });
        if (invocation.ConfigFile is { } file)
        {
            if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                builder.Configuration.AddJsonFile(file, optional: false);
            }
            else if (configFileSource?.Invoke(file) is { } source)
            {
                ((IConfigurationBuilder)builder.Configuration).Add(source);
            }
            else
            {
                throw new ConfigurationFileException(file, "is not a configuration file this tool reads (.json" + (configFileSource is null ? ")" : ", .yaml or .yml)"));
            }
        }

        builder.Configuration.AddEnvironmentVariables("GAPTOOLS_");
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Configuration.AddInMemoryCollection(InvocationKeys(invocation, toolSection));
        if (LogLevelSettings.Problems(builder.Configuration) is { Count: > 0 } levels)
        {
            // Checked here: the logging setup would throw from deep inside Build(), with a stack trace.
            throw new OptionsValidationException("Logging", typeof(LoggerFilterOptions), levels);
        }

        ConfigureLogging(builder.Logging, invocation.LogFormat);
        WorkerTelemetry.Add(builder.Services, builder.Configuration, toolSection);
        var timeout = builder.Configuration[ShutdownTimeoutKey];
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = Durations.ParseOptional(timeout) ?? DefaultShutdownTimeout);
        builder.Services.AddSystemd();
        return builder;
    }

    /// <summary>
    /// Runs the built host for <paramref name="invocation"/>: a dry run, an event-file replay or backfill through the
    /// tool's <typeparamref name="TWorker"/>, or the host with its hosted worker reading SQS. Returns the exit code:
    /// 0 when the run succeeded, 1 when it failed or the configuration is bad (every problem listed, no stack trace).
    /// </summary>
    public static async Task<int> RunAsync<TWorker>(IHost host, WorkerInvocation invocation, string toolSection, CancellationToken cancellationToken)
        where TWorker : IS3Worker
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(invocation);
        try
        {
            var configuration = host.Services.GetRequiredService<IConfiguration>();
            var moved = MovedKeys.Find(configuration, toolSection).ToList();
            if (invocation.Source == WorkerSource.Sqs && GraceProblem(configuration, host.Services.GetRequiredService<IOptions<HostOptions>>().Value, toolSection) is { } grace)
            {
                moved.Add(grace);
            }

            foreach (var problem in moved)
            {
                await Console.Error.WriteLineAsync($"Configuration error: {problem}");
            }

            if (moved.Count > 0)
            {
                return 1;
            }

            if (invocation.DryRun)
            {
                await host.Services.GetRequiredService<TWorker>().WriteDryRunAsync(Console.Out, invocation.EventFile, cancellationToken);
                return 0;
            }

            if (invocation.Source != WorkerSource.Sqs)
            {
                return await ReplayAsync(host.Services, host.Services.GetRequiredService<TWorker>(), invocation, toolSection, cancellationToken);
            }

            // Resolved first: RunAsync disposes the host (and its container) when it ends.
            var workers = host.Services.GetServices<IHostedService>().OfType<S3WorkerService>().ToList();
            await using var health = await Health.HealthEndpoint.StartAsync(configuration, workers, cancellationToken);
            await host.RunAsync(cancellationToken);
            return workers.Any(s => s.Failure is not null) ? 1 : 0;
        }
        catch (OptionsValidationException e)
        {
            // Bad configuration: list every problem once and exit; restarting cannot fix it.
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync($"Configuration error: {failure}");
            }

            return 1;
        }
        catch (Health.HealthUrlException e)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {e.Message}");
            return 1;
        }
        catch (InvalidOperationException e) when (UnconvertibleValue(e) is { } problem)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {problem}");
            return 1;
        }
    }

    // The worker belongs to the container, which disposes it with the host.
    private static async Task<int> ReplayAsync(IServiceProvider services, IS3Worker worker, WorkerInvocation invocation, string toolSection, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(worker.GetType().FullName ?? worker.Name);
        WorkRunSummary summary;
        if (invocation.Backfill is { } location)
        {
            using var s3 = AwsSettings.CreateS3(services.GetRequiredKeyedService<AWSOptions>(toolSection));
            summary = await S3WorkReplay.RunBackfillAsync(worker, s3, location, cancellationToken);
        }
        else
        {
            summary = await S3WorkReplay.RunEventFileAsync(worker, invocation.EventFile!, logger, cancellationToken);
        }

        foreach (var failure in summary.Failures)
        {
            LogUnitFailed(logger, failure);
        }

        LogRunSummary(logger, invocation.Source, summary);
        return summary.Succeeded ? 0 : 1;
    }

    /// <summary>
    /// On SIGTERM the consumer finishes or releases its messages within its grace; the host must wait for that
    /// (plus a moment for the release calls), or it exits with messages in flight until their visibility runs out.
    /// </summary>
    internal static string? GraceProblem(IConfiguration configuration, HostOptions host, string toolSection)
    {
        var key = $"{toolSection}:Sqs:Consumer:ShutdownGrace";
        var grace = TimeSpan.TryParse(configuration[key], System.Globalization.CultureInfo.InvariantCulture, out var set) ? set : SqsConsumerDefaults.ShutdownGrace;
        return host.ShutdownTimeout < grace + ReleaseAllowance
            ? $"{ShutdownTimeoutKey} ({host.ShutdownTimeout}) must be at least {key} ({grace}) + {ReleaseAllowance.TotalSeconds:0} s to release what is still in flight; lower the grace or raise the timeout (and the container's stop timeout with it)."
            : null;
    }

    // --batch and --max-execution-time are settings of the tool's consumer, --log-level the default level: the host sees them like any key.
    private static Dictionary<string, string?> InvocationKeys(WorkerInvocation invocation, string toolSection)
    {
        var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (invocation.Batch)
        {
            keys[$"{toolSection}:Sqs:Consumer:Mode"] = nameof(SqsConsumerMode.DrainAndExit);
        }

        if (invocation.LogLevel is { } level)
        {
            keys[LogLevelSettings.DefaultKey] = level;
        }

        if (invocation.MaxExecutionTime is { } max)
        {
            keys[$"{toolSection}:Sqs:Consumer:MaxExecutionTime"] = max.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        return keys;
    }

    /// <summary>
    /// The configuration binder's "Failed to convert configuration value 'V' at 'Key' to type 'T'", told without
    /// the value (it may be a secret); null for any other error.
    /// </summary>
    internal static string? UnconvertibleValue(InvalidOperationException exception)
    {
        var match = UnconvertibleValuePattern().Match(exception.Message);
        return match.Success ? $"the value of {match.Groups["key"].Value} is not a valid {match.Groups["type"].Value}." : null;
    }

    [GeneratedRegex("^Failed to convert configuration value .* at '(?<key>[^']*)' to type '(?<type>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex UnconvertibleValuePattern();

    /// <summary>
    /// Console logs go to stderr so stdout stays clean for --dry-run output and piping, as text or as the JSON lines
    /// of docs/logging.md (scopes included); levels come from the <c>Logging</c> section.
    /// </summary>
    public static void ConfigureLogging(ILoggingBuilder logging, WorkerLogFormat format)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        logging.AddConsole(o =>
        {
            o.FormatterName = format == WorkerLogFormat.Json ? JsonLogFormatter.FormatterName : TextLogFormatter.FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });

        // Registered directly (not AddConsoleFormatter, which binds options by reflection): the console provider
        // picks the formatter whose name FormatterName gives.
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter>(new TextLogFormatter(TimeProvider.System)));
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter>(new JsonLogFormatter(TimeProvider.System)));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Not processed: {Failure}")]
    private static partial void LogUnitFailed(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run over ({Source}): {Summary}")]
    private static partial void LogRunSummary(ILogger logger, WorkerSource source, object summary);
}

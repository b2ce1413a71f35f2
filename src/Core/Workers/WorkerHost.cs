using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace GapTools.Core.Workers;

/// <summary>
/// Builds and runs a GapTools worker host: configuration (appsettings.json, <c>--config</c>, <c>GAPTOOLS_</c>
/// environment variables, <c>--set</c>), console logs on stderr (text or JSON), the shutdown timeout, and the
/// shared worker services. The tool adds its own services in <c>configure</c>.
/// </summary>
public static class WorkerHost
{
    /// <summary>Configuration key of the host's stop timeout; ECS and Fargate Spot default to 30 s.</summary>
    public const string ShutdownTimeoutKey = "Worker:ShutdownTimeout";

    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Configuration section bound to <see cref="SqsSourceOptions"/>.</summary>
    public const string SqsSectionName = "Sqs";

    /// <summary>Runs the worker; returns the process exit code (0 ok, 1 failure or bad configuration).</summary>
    public static async Task<int> RunAsync(
        WorkerInvocation invocation,
        IReadOnlyDictionary<string, string?> overrides,
        Action<HostApplicationBuilder> configure,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(configure);
        using var host = Build(invocation, overrides, configure);
        try
        {
            if (invocation.DryRun)
            {
                await host.Services.GetRequiredService<IWorkerDryRun>().WriteAsync(invocation, Console.Out, cancellationToken);
                return 0;
            }

            var exit = host.Services.GetRequiredService<WorkerExit>();
            await host.RunAsync(cancellationToken);
            return exit.Code;
        }
        catch (OptionsValidationException e)
        {
            // Bad configuration: list every problem once and exit; restarting cannot fix it.
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync($"Configuration error ({e.OptionsName}): {failure}");
            }

            return 1;
        }
        catch (InvalidOperationException e) when (UnconvertibleValue(e) is { } problem)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {problem}");
            return 1;
        }
    }

    /// <summary>
    /// The configuration binder's "Failed to convert configuration value 'V' at 'Key' to type 'T'", told without
    /// the value (it may be a secret); null for any other error.
    /// </summary>
    internal static string? UnconvertibleValue(InvalidOperationException exception)
    {
        var match = System.Text.RegularExpressions.Regex.Match(
            exception.Message, "^Failed to convert configuration value .* at '(?<key>[^']*)' to type '(?<type>[^']*)'", System.Text.RegularExpressions.RegexOptions.Singleline);
        return match.Success ? $"the value of {match.Groups["key"].Value} is not a valid {match.Groups["type"].Value}." : null;
    }

    public static IHost Build(WorkerInvocation invocation, IReadOnlyDictionary<string, string?> overrides, Action<HostApplicationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        if (invocation.ConfigFile is { } file && file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Configuration.AddJsonFile(file, optional: false);
        }

        builder.Configuration.AddEnvironmentVariables("GAPTOOLS_");
        builder.Configuration.AddInMemoryCollection(overrides);

        ConfigureLogging(builder.Logging, invocation.LogFormat);
        builder.Services.Configure<HostOptions>(o =>
            o.ShutdownTimeout = WorkerCommandLine.ParseDuration(builder.Configuration[ShutdownTimeoutKey]) ?? DefaultShutdownTimeout);
        builder.Services.AddSystemd();
        builder.Services.AddOptions<SqsSourceOptions>().Bind(builder.Configuration.GetSection(SqsSectionName));
        builder.Services.AddSingleton(invocation);
        builder.Services.AddSingleton<WorkerExit>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<S3WorkRunner>();
        builder.Services.AddSingleton<SqsWorkerFactory>();
        builder.Services.AddSingleton<Sqs.ISqsMessageHandler, S3EventMessageHandler>();
        builder.Services.AddHostedService<S3WorkerService>();
        configure(builder);
        return builder.Build();
    }

    /// <summary>Console logs go to stderr so stdout stays clean for --dry-run output and piping.</summary>
    public static void ConfigureLogging(ILoggingBuilder logging, WorkerLogFormat format)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        if (format == WorkerLogFormat.Json)
        {
            logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        }

        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}

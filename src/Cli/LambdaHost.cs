using System.Collections;
using System.Runtime.InteropServices;
using GapTools.SsmWrap;
using GapTools.Workers;
using GapTools.Workers.Lambda;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GapTools.Cli;

/// <summary>
/// A tool binary run as a Lambda custom runtime (named or linked <c>bootstrap</c>, <c>AWS_LAMBDA_RUNTIME_API</c>
/// set). Init reads the configuration (<c>appsettings.json</c> beside the binary, environment variables such as
/// <c>S3ToRedshift__Redshift__Host</c>, <c>GAPTOOLS_</c> variables, then the values of the <c>SSMWRAP_ENV</c> rules,
/// so a secret never sits in the function's environment) and builds the worker once; a problem is posted to
/// <c>/runtime/init/error</c> and the process exits 1. Then <see cref="LambdaRuntimeLoop"/> serves invocations.
/// </summary>
public static partial class LambdaHost
{
    /// <summary>True when the process runs as a Lambda function.</summary>
    public static bool IsLambda => LambdaRuntimeClient.IsLambda;

    /// <summary>
    /// Init, then invocations until SIGTERM. <paramref name="register"/> adds the tool's worker (not its hosted
    /// service: a function does not consume the queue itself). Returns the exit code.
    /// </summary>
    public static async Task<int> RunAsync<TWorker>(string toolSection, Action<IServiceCollection, IConfiguration> register)
        where TWorker : IS3Worker
    {
        ArgumentNullException.ThrowIfNull(register);
        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopping.Cancel();
        });
        using var runtime = LambdaRuntimeClient.FromEnvironment();
        ServiceProvider services;
        TWorker worker;
        LambdaFunctionOptions options;
        try
        {
            var configuration = await CreateConfigurationAsync(toolSection, stopping.Token);
            var section = $"{toolSection}:{LambdaFunctionOptions.SectionName}";
            options = configuration.GetSection(section).Get<LambdaFunctionOptions>() ?? new LambdaFunctionOptions();
            var problems = MovedKeys.Find(configuration, toolSection).Concat(Logging.LogLevelSettings.Problems(configuration)).Concat(options.Validate(section)).ToList();
            if (problems.Count > 0)
            {
                throw new OptionsValidationException(section, typeof(LambdaFunctionOptions), problems);
            }

            services = CreateServices(configuration, register);
            worker = services.GetRequiredService<TWorker>();
        }
#pragma warning disable CA1031 // Whatever stops init is posted to /runtime/init/error: Lambda shows it, and no crash loop hides it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var problems = InitProblems(e);
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync($"Configuration error: {problem}");
            }

            await runtime.SendInitErrorAsync(new LambdaError($"{toolSection}.ConfigurationError", string.Join(" ", problems)), CancellationToken.None);
            return 1;
        }

        await using (services)
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LambdaHost).FullName!);
            LogReady(logger, toolSection, options.DeadlineMargin);
            var function = new LambdaS3Function(worker, options, logger);
            try
            {
                await LambdaRuntimeLoop.RunAsync(runtime, function, logger, stopping.Token);
            }
            catch (HttpRequestException e)
            {
                // The sandbox's Runtime API went away or refused a call: nothing to answer any more; Lambda starts another.
                LogRuntimeApiLost(logger, toolSection, e.Message);
                return 1;
            }

            LogStopped(logger, toolSection);
        }

        return 0;
    }

    // No Generic Host: a function runs no hosted service, and building one costs cold-start time (measured: DI's
    // generic types made at run time were a third of NativeAOT init). Configuration, logging and the worker only.
    private static async Task<IConfiguration> CreateConfigurationAsync(string toolSection, CancellationToken cancellationToken)
    {
        // Lambda runs the binary in its package folder (/var/task): appsettings.json beside it is read.
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(FunctionDefaults(toolSection));
        configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        configuration.AddEnvironmentVariables();
        configuration.AddEnvironmentVariables("GAPTOOLS_");
        configuration.AddInMemoryCollection(await SsmValuesAsync(cancellationToken));
        return configuration;
    }

    private static ServiceProvider CreateServices(IConfiguration configuration, Action<IServiceCollection, IConfiguration> register)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging =>
        {
            WorkerHost.ConfigureLogging(logging, WorkerLogFormat.Json);
            logging.AddConfiguration(configuration.GetSection("Logging"));
        });
        register(services, configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Defaults of the function form, below every source: a function cannot stop receiving, so a batch is not held
    /// through an outage of the sink (that would burn the invocation's time); its records fail at once and the
    /// queue's visibility timeout × maxReceiveCount rides the outage out.
    /// </summary>
    internal static Dictionary<string, string?> FunctionDefaults(string toolSection) => new(StringComparer.OrdinalIgnoreCase)
    {
        [$"{toolSection}:SinkOutage:MaxHold"] = "00:00:00",
    };

    // SSMWRAP_ENV rules, loaded as ssmwrap would export them; NAME__KEY variables become NAME:KEY keys.
    private static async Task<Dictionary<string, string?>> SsmValuesAsync(CancellationToken cancellationToken)
    {
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        var rules = SsmWrapEnvironment.EnvRules(environment);
        if (rules.Count == 0)
        {
            return [];
        }

        using var client = SsmParameterLoader.CreateClient();
        var result = await new SsmParameterLoader(client).LoadAsync(rules, cancellationToken);
        return result.Variables.ToDictionary(v => v.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), v => (string?)v.Value, StringComparer.OrdinalIgnoreCase);
    }

    // What stopped init, one line per problem and no stack trace: bad configuration, an SSM rule that cannot load.
    private static List<string> InitProblems(Exception exception) => exception switch
    {
        OptionsValidationException e => [.. e.Failures],
        InvalidOperationException e when WorkerHost.UnconvertibleValue(e) is { } problem => [problem],
        FormatException e => [e.Message],
        SsmWrapException e => [$"{SsmWrapEnvironment.EnvRulesVariable}: {e.Message}"],
        _ => [$"{exception.GetType().Name}: {exception.Message}"],
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "{Tool} is ready as a Lambda function (deadline margin {Margin})")]
    private static partial void LogReady(ILogger logger, string tool, TimeSpan margin);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Tool} lost the Lambda Runtime API and exits: {Problem}")]
    private static partial void LogRuntimeApiLost(ILogger logger, string tool, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Tool} stopped (SIGTERM)")]
    private static partial void LogStopped(ILogger logger, string tool);
}

using System.Diagnostics;
using System.Reflection;
using GapTools.SsmWrap.Cli.Arguments;
using GapTools.SsmWrap.Cli.Exec;
using GapTools.SsmWrap.Cli.Init;
using GapTools.SsmWrap.Cli.Logging;
using Microsoft.Extensions.Logging;

namespace GapTools.SsmWrap.Cli.Running;

/// <summary>The pipeline: arguments → rules → load → files → execve (or -init, or the dry-run report).</summary>
internal static class SsmWrapCommand
{
    public const int Failure = 1;

    public static int Run(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, TextWriter stdout, TextWriter stderr)
    {
        CliOptions options;
        try
        {
            options = ArgvParser.Parse(args, environment);
        }
        catch (UsageException e)
        {
            stderr.Write($"ssmwrap: error: {e.Message}\n");
            return Failure;
        }

        if (options.ShowHelp || options.ShowVersion)
        {
            stdout.Write(options.ShowHelp ? Usage.Text + "\n" : $"ssmwrap {Version}\n");
            return 0;
        }

        if (options.Rules.Count == 0 && options.Command.Count == 0 && !options.DryRun)
        {
            // Nothing to read and nothing to run (bare `ssmwrap`): ssmwrap v2 exits 1 here; we also show how to call it.
            stderr.Write("ssmwrap: error: no rules and no command\n" + Usage.Text + "\n");
            return Failure;
        }

        var logger = new StderrLogger(stderr, options.LogFormat, options.LogLevel, TimeProvider.System);
        foreach (var rule in options.Rules)
        {
            Log.Rule(logger, rule);
        }

        IDisposable? owned = null;
        SsmParameterLoader? loader;
        try
        {
            loader = options.Rules.Count == 0 ? null : SsmParameterLoader.FromEnvironment(
                new SsmParameterLoaderOptions
                {
                    MaxRetries = options.MaxRetries,
                    RetryBudget = options.RetryBudget,
                    MaxDelay = options.MaxDelay,
                    Logger = logger,
                },
                out owned);
        }
        catch (SsmWrapException e)
        {
            Log.Failed(logger, e.Message);
            return Failure;
        }

        using var disposeOwned = owned;
        SsmLoadResult? result;
        try
        {
            // Blocking wait: the process must get back to this (main) thread to execve.
            result = loader is null ? null : Load(loader, options.Rules, logger);
            if (options.DryRun)
            {
                DryRunReport.Write(stdout, options, result);
                return 0;
            }

            result?.WriteFiles();
        }
        catch (SsmWrapException e)
        {
            foreach (var problem in e.Problems)
            {
                Log.Failed(logger, problem);
            }

            return Failure;
        }

        var variables = result?.Variables ?? new Dictionary<string, string>();
        if (options.Command.Count == 0)
        {
            Log.NoCommand(logger, variables.Count);
            return 0;
        }

        var commandEnvironment = EnvironmentBlock.Merge(environment, variables);
        if (!options.Init)
        {
            return ProcessReplacer.Exec(options.Command, commandEnvironment, logger);
        }

        var supervisor = new InitSupervisor(
            options.Command,
            async token =>
            {
                var started = Stopwatch.GetTimestamp();
                var reloaded = await loader!.LoadAsync(options.Rules, token).ConfigureAwait(false);
                reloaded.WriteFiles();
                var milliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Log.Loaded(logger, reloaded.Variables.Count, reloaded.Files.Count, reloaded.ParameterCount, reloaded.ApiCalls, milliseconds);
                return EnvironmentBlock.Merge(environment, reloaded.Variables);
            },
            loader is null ? null : options.RefreshSignal,
            options.StopTimeout,
            TimeProvider.System,
            logger);
        return supervisor.RunAsync(commandEnvironment).GetAwaiter().GetResult();
    }

    private static SsmLoadResult Load(SsmParameterLoader loader, IReadOnlyList<SsmRule> rules, ILogger logger)
    {
        var started = Stopwatch.GetTimestamp();
        var result = loader.LoadAsync(rules).GetAwaiter().GetResult();
        var milliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Log.Loaded(logger, result.Variables.Count, result.Files.Count, result.ParameterCount, result.ApiCalls, milliseconds);
        foreach (var line in result.DescribeMasked())
        {
            Log.Export(logger, line);
        }

        return result;
    }

    private static string Version =>
        typeof(SsmWrapCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
}

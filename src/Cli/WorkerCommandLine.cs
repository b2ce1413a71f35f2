using System.CommandLine;
using GapTools.Core;

namespace GapTools.Cli;

/// <summary>
/// The command line every GapTools worker shares:
/// <c>tool [--config F] [--batch] [--max-execution-time 10m] [--dry-run] [--event-file F] [--log-format json] [--log-level warning] [--set Key=Value]…</c>
/// , <c>tool backfill s3://bucket/prefix [same options]</c> and <c>tool health [--url U] [--live]</c>.
/// </summary>
public static class WorkerCommandLine
{
    /// <summary>Parses <paramref name="args"/> and calls <paramref name="run"/> with the invocation and the <c>--set</c> overrides.</summary>
    public static Task<int> InvokeAsync(string toolName, string description, string[] args,
        Func<WorkerInvocation, IReadOnlyDictionary<string, string?>, CancellationToken, Task<int>> run)
    {
        var config = new Option<FileInfo?>("--config") { Description = "Configuration file (JSON; the tool may accept more formats).", Recursive = true };
        var batch = new Option<bool>("--batch") { Description = "Drain the queue, then exit.", Recursive = true };
        var maxTime = new Option<string?>("--max-execution-time") { Description = "Stop receiving after this long (e.g. 90s, 10m, 1h, 00:10:00), finish in-flight work, exit.", Recursive = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the configuration (secrets masked) and what would happen, then exit.", Recursive = true };
        var eventFile = new Option<FileInfo?>("--event-file") { Description = "Replay S3 events from this file (one JSON event or JSON lines) instead of reading SQS.", Recursive = true };
        var logFormat = new Option<WorkerLogFormat>("--log-format") { Description = "Console log format: text or json (docs/logging.md).", DefaultValueFactory = _ => WorkerLogFormat.Text, Recursive = true };
        var logLevel = new Option<string?>("--log-level") { Description = "Lowest level logged: trace, debug, information, warning, error, critical or none (sets Logging:LogLevel:Default).", Recursive = true };
        var set = new Option<string[]>("--set") { Description = "Override a configuration key: --set S3ToRedshift:Sqs:Queue=my-queue (repeatable).", Recursive = true, AllowMultipleArgumentsPerToken = false };
        var location = new Argument<string>("location") { Description = "s3://bucket/prefix to list and process." };

        var root = new RootCommand($"{toolName}: {description}");
        foreach (var option in new Option[] { config, batch, maxTime, dryRun, eventFile, logFormat, logLevel, set })
        {
            root.Options.Add(option);
        }

        var backfill = new Command("backfill", "Process the objects already under an S3 prefix, then exit.");
        backfill.Arguments.Add(location);
        root.Subcommands.Add(backfill);

        var url = new Option<string>("--url") { Description = $"The worker's Worker:HealthUrls address (default {Health.HealthProbe.DefaultUrl}).", DefaultValueFactory = _ => Health.HealthProbe.DefaultUrl };
        var live = new Option<bool>("--live") { Description = "Ask /health/live instead: exit 0 while the process serves, even during a sink outage (for checks that replace the container, such as ECS healthCheck)." };
        var health = new Command("health", "Ask a running worker's /health/ready: exit 0 when ready, 1 otherwise (for container health checks).");
        health.Options.Add(url);
        health.Options.Add(live);
        health.SetAction((result, token) => Health.HealthProbe.RunAsync(result.GetValue(url)!, result.GetValue(live), Console.Out, token));
        root.Subcommands.Add(health);

        Func<ParseResult, CancellationToken, Task<int>> action = async (result, token) =>
        {
            try
            {
                return await run(Invocation(result), ParseOverrides(result.GetValue(set) ?? []), token);
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException e)
            {
                // Several problems (bad levels in the Logging section): one line each.
                foreach (var failure in e.Failures)
                {
                    await Console.Error.WriteLineAsync($"Configuration error: {failure}");
                }

                return 1;
            }
            catch (Exception e) when (ConfigurationProblem(e) is { } problem)
            {
                // Bad flags or configuration files: one line naming the file or flag, exit 1, no stack trace.
                await Console.Error.WriteLineAsync($"Configuration error: {problem}");
                return 1;
            }
        };

        WorkerInvocation Invocation(ParseResult result) => new()
        {
            ConfigFile = result.GetValue(config)?.FullName,
            Batch = result.GetValue(batch),
            MaxExecutionTime = Durations.ParseOptional(result.GetValue(maxTime)),
            DryRun = result.GetValue(dryRun),
            EventFile = result.GetValue(eventFile)?.FullName,
            LogFormat = result.GetValue(logFormat),
            LogLevel = result.GetValue(logLevel) is { } level ? Logging.LogLevelSettings.FromFlag(level) : null,
            Backfill = result.CommandResult.Command == backfill ? S3Uri.Parse(result.GetValue(location)!) : null,
        };

        root.SetAction(action);
        backfill.SetAction(action);

        // The Generic Host handles SIGTERM/SIGINT (graceful stop within ShutdownTimeout); the parser must not.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    // What a configuration file or flag did wrong, told without the value; null for any other error.
    private static string? ConfigurationProblem(Exception e) => e switch
    {
        ConfigurationFileException or FormatException => e.Message,
        FileNotFoundException missing => $"{missing.FileName ?? "a configuration file"} does not exist.",
        InvalidDataException => JsonProblem(e),
        _ => null,
    };

    // "Failed to load configuration file 'F'." plus where the JSON reader stopped (its line numbers count from 0).
    private static string JsonProblem(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Text.Json.JsonException { LineNumber: { } line } json)
            {
                return $"{e.Message.TrimEnd('.')} (line {line + 1}): {json.Message.Split(" LineNumber", 2)[0]}";
            }
        }

        return e.InnerException is { } cause ? $"{e.Message.TrimEnd('.')}: {cause.Message}" : e.Message;
    }

    private static Dictionary<string, string?> ParseOverrides(string[] pairs)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"--set '{pair}' must be Key=Value (e.g. S3ToRedshift:Sqs:Queue=my-queue).");
            }

            overrides[pair[..equals].Trim()] = pair[(equals + 1)..];
        }

        return overrides;
    }
}

using System.Globalization;
using GapTools.Core;
using Microsoft.Extensions.Logging;

namespace GapTools.SsmWrap.Cli.Arguments;

/// <summary>
/// ssmwrap's flags, Go style: one or two dashes, the value after <c>=</c> or in the next argument, parsing stops at
/// <c>--</c> or at the first argument that is not a flag. Every flag can also come from <c>SSMWRAP_&lt;FLAG&gt;</c>;
/// the rule flags also from <c>SSMWRAP_ENV_1</c>, <c>SSMWRAP_ENV_2</c>, … (digits only, as in v2). Rules from the environment come first;
/// a single-valued flag on the command line overrides its variable.
/// </summary>
internal static class ArgvParser
{
    private enum Kind
    {
        EnvRule,
        FileRule,
        AnyRule,
        Count,
        Duration,
        Switch,
        Word,
    }

    private sealed record Flag(string Name, Kind Kind, bool FromEnvironment = true)
    {
        public string Variable { get; } = VariablePrefix + Name.ToUpperInvariant().Replace('-', '_');

        public bool IsRule => Kind is Kind.EnvRule or Kind.FileRule or Kind.AnyRule;
    }

    private static readonly Flag[] Flags =
    [
        new("env", Kind.EnvRule),
        new("file", Kind.FileRule),
        new("rule", Kind.AnyRule),
        new("retries", Kind.Count),
        new("retry-budget", Kind.Duration),
        new("max-delay", Kind.Duration),
        new("dry-run", Kind.Switch),
        new("print", Kind.Switch),
        new("init", Kind.Switch),
        new("refresh-signal", Kind.Word),
        new("stop-timeout", Kind.Duration),
        new("log-format", Kind.Word),
        new("log-level", Kind.Word),
        new("version", Kind.Switch, FromEnvironment: false),
        new("help", Kind.Switch, FromEnvironment: false),
        new("h", Kind.Switch, FromEnvironment: false),
    ];

    public static CliOptions Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var values = FromEnvironment(environment).ToList();
        var command = FromArguments(args, values);
        var options = new CliOptions { Command = command };
        var rules = new List<SsmRule>();
        foreach (var (flag, value, origin) in values)
        {
            try
            {
                options = Apply(options, flag, value, rules);
            }
            catch (FormatException e)
            {
                throw new UsageException($"{origin}: {e.Message}");
            }
        }

        options = options with { Rules = rules };
        if (options.RefreshSignal is not null && !options.Init)
        {
            throw new UsageException("-refresh-signal needs -init (ssmwrap must stay as the parent to restart the command)");
        }

        return options;
    }

    private const string VariablePrefix = "SSMWRAP_";

    private static IEnumerable<(Flag Flag, string Value, string Origin)> FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        // Only SSMWRAP_* names can match: one pass over the environment, and none of the per-flag work without them.
        var candidates = new List<string>();
        foreach (var name in environment.Keys)
        {
            if (name.StartsWith(VariablePrefix, StringComparison.Ordinal))
            {
                candidates.Add(name);
            }
        }

        if (candidates.Count == 0)
        {
            yield break;
        }

        foreach (var flag in Flags.Where(f => f.FromEnvironment))
        {
            var names = candidates.Where(k => k == flag.Variable || (flag.IsRule && SsmWrapEnvironment.IsRuleVariable(k, flag.Variable)));
            foreach (var name in SsmWrapEnvironment.InOrder(names, flag.Variable))
            {
                yield return (flag, environment[name], name);
            }
        }
    }

    private static List<string> FromArguments(IReadOnlyList<string> args, List<(Flag, string, string)> values)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                return [.. args.Skip(i + 1)];
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                return [.. args.Skip(i)];
            }

            var body = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg[1..];
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? body : body[..eq];
            var flag = Array.Find(Flags, f => f.Name == name)
                ?? throw new UsageException($"unknown flag {arg} (see ssmwrap -help)");
            var value = eq >= 0 ? body[(eq + 1)..]
                : flag.Kind == Kind.Switch ? "true"
                : i + 1 < args.Count ? args[++i]
                : throw new UsageException($"flag -{name} needs a value");
            values.Add((flag, value, "-" + name));
        }

        return [];
    }

    private static CliOptions Apply(CliOptions options, Flag flag, string value, List<SsmRule> rules)
    {
        switch (flag.Kind)
        {
            case Kind.EnvRule:
                rules.Add(SsmRule.ParseEnv(value));
                return options;
            case Kind.FileRule:
                rules.Add(SsmRule.ParseFile(value));
                return options;
            case Kind.AnyRule:
                rules.Add(SsmRule.Parse(value));
                return options;
            default:
                return flag.Name switch
                {
                    "retries" => options with { Attempts = Attempts(value) },
                    "retry-budget" => options with { RetryBudget = RetryBudget(value) },
                    "max-delay" => options with { MaxDelay = MaxDelay(value) },
                    "stop-timeout" => options with { StopTimeout = Durations.Parse(value) },
                    "dry-run" or "print" => options with { DryRun = Switch(value) },
                    "init" => options with { Init = Switch(value) },
                    "refresh-signal" => options with { RefreshSignal = Signals.ParseRefreshSignal(value) },
                    "log-format" => options with { LogFormat = Choose(value, ("text", LogFormat.Text), ("json", LogFormat.Json)) },
                    "log-level" => options with { LogLevel = Choose(value, LogLevels) },
                    "version" => options with { ShowVersion = Switch(value) },
                    _ => options with { ShowHelp = Switch(value) },
                };
        }
    }

    // ssmwrap v2's LOG_LEVEL names, and the workers' --log-level names (docs/logging.md).
    private static readonly (string, LogLevel)[] LogLevels =
    [
        ("debug", LogLevel.Debug), ("info", LogLevel.Information), ("warn", LogLevel.Warning), ("error", LogLevel.Error),
        ("trace", LogLevel.Trace), ("information", LogLevel.Information), ("warning", LogLevel.Warning), ("critical", LogLevel.Critical), ("none", LogLevel.None),
    ];

    private static bool Switch(string value) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" ? true
        : value.Equals("false", StringComparison.OrdinalIgnoreCase) || value == "0" || value.Length == 0 ? false
        : throw new FormatException($"'{value}' is not true or false");

    private static T Choose<T>(string value, params (string Name, T Value)[] choices)
    {
        foreach (var (name, choice) in choices)
        {
            if (name.Equals(value, StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        throw new FormatException($"'{value}' is not one of {string.Join('|', choices.Select(c => c.Name))}");
    }

    // ssmwrap v2's -retries is the SDK's RetryMaxAttempts: attempts, the first included, and 0 means its default.
    // The core allows 0..100 retries, so 1..101 attempts.
    private static int? Attempts(string value) =>
        !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > CliOptions.MaxAttempts
            ? throw new FormatException($"'{value}' is not a number of attempts from 1 to {CliOptions.MaxAttempts} (0: the default)")
            : n == 0 ? null : n;

    private static TimeSpan RetryBudget(string value) =>
        Durations.Parse(value) is var budget && budget <= TimeSpan.FromHours(1)
            ? budget
            : throw new FormatException($"'{value}' is not a retry budget from 1ms to 60m");

    private static TimeSpan MaxDelay(string value) =>
        Durations.Parse(value) is var delay && delay >= TimeSpan.FromMilliseconds(1) && delay <= TimeSpan.FromHours(1)
            ? delay
            : throw new FormatException($"'{value}' is not a delay from 1ms to 60m");
}

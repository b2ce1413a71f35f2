using Microsoft.Extensions.Logging;

namespace GapTools.SsmWrap.Cli.Arguments;

/// <summary>Everything the command line and the SSMWRAP_* environment asked for.</summary>
internal sealed record CliOptions
{
    public IReadOnlyList<SsmRule> Rules { get; init; } = [];

    /// <summary>The most attempts per SSM call (ssmwrap's <c>-retries</c>), or null for the default: the budget decides.</summary>
    public int? Attempts { get; init; }

    public TimeSpan RetryBudget { get; init; } = SsmWrapDefaults.RetryBudget;

    /// <summary>The core's 100 retries plus the first attempt.</summary>
    public const int MaxAttempts = 101;

    /// <summary>The loader counts retries after the first attempt.</summary>
    public int MaxRetries => Attempts is { } attempts ? attempts - 1 : SsmWrapDefaults.MaxRetries;

    public TimeSpan MaxDelay { get; init; } = SsmWrapDefaults.MaxDelay;

    public bool DryRun { get; init; }

    public bool Init { get; init; }

    /// <summary>With <see cref="Init"/>: the signal that re-reads parameters and restarts the child.</summary>
    public int? RefreshSignal { get; init; }

    /// <summary>With <see cref="Init"/>: how long a child may take to stop on SIGTERM before SIGKILL, when refreshing.</summary>
    public TimeSpan StopTimeout { get; init; } = CliDefaults.StopTimeout;

    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    public bool ShowVersion { get; init; }

    public bool ShowHelp { get; init; }

    /// <summary>The command and its arguments, exactly as given.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];
}

/// <summary>Defaults of the CLI-only options.</summary>
internal static class CliDefaults
{
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>PATH when the environment has none (Docker's default).</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

internal enum LogFormat
{
    Text,
    Json,
}

/// <summary>A command line or SSMWRAP_* value that cannot be used; the message says which and why.</summary>
internal sealed class UsageException(string message) : Exception(message);

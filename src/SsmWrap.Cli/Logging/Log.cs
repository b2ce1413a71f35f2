using GapTools.Core.Logging;
using Microsoft.Extensions.Logging;

namespace GapTools.SsmWrap.Cli.Logging;

/// <summary>Every message ssmwrap logs. Arguments are names, paths, counts and codes: never parameter values.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "rule {Rule}")]
    public static partial void Rule(ILogger logger, SsmRule rule);

    public static void Loaded(ILogger logger, int variables, int files, int parameters, int calls, long milliseconds)
    {
#pragma warning disable CA1873 // Counted.Of pairs a number with a word: nothing worth a level check.
        LoadedCounts(logger, Counted.Of(variables, "variable"), Counted.Of(files, "file"), Counted.Of(parameters, "parameter"), Counted.Of(calls, "SSM call"), milliseconds);
#pragma warning restore CA1873
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Export}")]
    public static partial void Export(ILogger logger, string export);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}")]
    public static partial void Failed(ILogger logger, string problem);

    public static void NoCommand(ILogger logger, int variables) => NoCommandCount(logger, Counted.Of(variables, "environment variable"));

    [LoggerMessage(Level = LogLevel.Error, Message = "command not found: {Command} (not a file, and not on PATH)")]
    public static partial void CommandNotFound(ILogger logger, string command);

    [LoggerMessage(Level = LogLevel.Error, Message = "cannot execute {Path}: {Reason}")]
    public static partial void CannotExecute(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "started child {Pid}: {Command}")]
    public static partial void ChildStarted(ILogger logger, int pid, string command);

    [LoggerMessage(Level = LogLevel.Information, Message = "child {Pid} exited with status {ExitCode}")]
    public static partial void ChildExited(ILogger logger, int pid, int exitCode);

    [LoggerMessage(Level = LogLevel.Debug, Message = "reaped orphan {Pid}")]
    public static partial void Reaped(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Debug, Message = "forwarding {Signal} to {Pid}")]
    public static partial void Forwarding(ILogger logger, string signal, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Signal}: re-reading parameters")]
    public static partial void Refreshing(ILogger logger, string signal);

    [LoggerMessage(Level = LogLevel.Information, Message = "refresh already running; {Signal} ignored")]
    public static partial void RefreshBusy(ILogger logger, string signal);

    [LoggerMessage(Level = LogLevel.Error, Message = "refresh failed, child {Pid} keeps the previous values: {Problem}")]
    public static partial void RefreshFailed(ILogger logger, int pid, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "parameters re-read; restarting child {Pid}")]
    public static partial void Restarting(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "child {Pid} still running {Seconds} s after SIGTERM; sending SIGKILL")]
    public static partial void Killing(ILogger logger, int pid, double seconds);

    // Counts as "1 file", "2 files"; JSON lines keep the numbers.
    [LoggerMessage(Level = LogLevel.Information, Message = "loaded {Variables} and {Files} from {Parameters} ({Calls}, {Milliseconds} ms)")]
    private static partial void LoadedCounts(ILogger logger, Counted variables, Counted files, Counted parameters, Counted calls, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "no command given: files written, {Variables} discarded")]
    private static partial void NoCommandCount(ILogger logger, Counted variables);
}

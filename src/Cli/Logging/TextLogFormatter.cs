using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace GapTools.Cli.Logging;

/// <summary>
/// The text log line: <c>HH:mm:ss.fff info: Category: message</c> in UTC, the exception (with its stack) on the
/// lines after. Unlike the simple console formatter it prints no event id: the generated ids are hashes that tell
/// a reader nothing. Scopes are left to the JSON format.
/// </summary>
internal sealed class TextLogFormatter(TimeProvider time) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "gaptools-text";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():HH:mm:ss.fff} {ShortName(logEntry.LogLevel)}: {logEntry.Category}: {message}");
        textWriter.Write(logEntry.Exception is { } exception ? line + "\n" + exception + "\n" : line + "\n");
    }

    // The simple console formatter's four-letter names, which readers and scripts already know.
    private static string ShortName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}

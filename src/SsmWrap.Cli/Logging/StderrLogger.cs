using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GapTools.Core.Logging;
using GapTools.SsmWrap.Cli.Arguments;
using Microsoft.Extensions.Logging;

namespace GapTools.SsmWrap.Cli.Logging;

/// <summary>
/// One line per event on stderr, text (<c>ssmwrap: warn: …</c>) or the JSON line every GapTools tool writes
/// (category <c>ssmwrap</c>), written synchronously so nothing is lost at execve. Messages are built from names and
/// counts only; exceptions are not printed (their messages are already in the line).
/// </summary>
internal sealed class StderrLogger(TextWriter writer, LogFormat format, LogLevel minimum, TimeProvider time) : ILogger
{
    /// <summary>The <c>category</c> of ssmwrap's JSON lines.</summary>
    public const string Category = "ssmwrap";

    private readonly Lock _gate = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, null);
        var line = format == LogFormat.Json ? JsonLine(logLevel, message, state) : $"ssmwrap: {LevelName(logLevel)}: {message}";
        lock (_gate)
        {
            writer.Write(line + "\n");
            writer.Flush();
        }
    }

    // The workers' JSON line (docs/logging.md): one schema for the three tools.
    private string JsonLine(LogLevel level, string message, object? state)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var line = JsonLogLine.Begin(json, time.GetUtcNow(), level, Category, message, exception: null);
            line.Add(state);
            line.End();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        _ => "error",
    };
}

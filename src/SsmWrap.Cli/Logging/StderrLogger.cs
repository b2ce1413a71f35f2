using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GapTools.SsmWrap.Cli.Arguments;
using Microsoft.Extensions.Logging;

namespace GapTools.SsmWrap.Cli.Logging;

/// <summary>
/// One line per event on stderr, text (<c>ssmwrap: warn: …</c>) or JSON, written synchronously so nothing is
/// lost at execve. Messages are built from names and counts only; exceptions are not printed (their messages
/// are already in the line).
/// </summary>
internal sealed class StderrLogger(TextWriter writer, LogFormat format, LogLevel minimum, TimeProvider time) : ILogger
{
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
        var line = format == LogFormat.Json ? JsonLine(logLevel, message, state as IReadOnlyList<KeyValuePair<string, object?>>) : $"ssmwrap: {LevelName(logLevel)}: {message}";
        lock (_gate)
        {
            writer.Write(line + "\n");
            writer.Flush();
        }
    }

    private string JsonLine(LogLevel level, string message, IReadOnlyList<KeyValuePair<string, object?>>? fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("time", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("level", LevelName(level));
            json.WriteString("logger", "ssmwrap");
            json.WriteString("msg", message);
            foreach (var (key, value) in fields ?? [])
            {
                if (key == "{OriginalFormat}")
                {
                    continue;
                }

                var name = char.ToLowerInvariant(key[0]) + key[1..];
                switch (value)
                {
                    case int or long or double:
                        json.WriteNumber(name, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                        break;
                    default:
                        json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        _ => "error",
    };
}

using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GapTools.Core.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace GapTools.Cli.Logging;

/// <summary>
/// <c>--log-format json</c>: one <see cref="JsonLogLine"/> per entry, the schema ssmwrap writes too (docs/logging.md),
/// with every scope's named values (message id, bucket, key, table, endpoint, …) as flat properties.
/// </summary>
internal sealed class JsonLogFormatter(TimeProvider time) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "gaptools-json";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            var line = JsonLogLine.Begin(json, time.GetUtcNow(), logEntry.LogLevel, logEntry.Category, message, logEntry.Exception?.ToString());
            line.Add(logEntry.State);
            if (scopeProvider is not null)
            {
                // Outermost first; JsonLogLine keeps the first value of a name, so collect and add innermost first.
                var scopes = new List<object?>();
                scopeProvider.ForEachScope(static (scope, list) => list.Add(scope), scopes);
                for (var i = scopes.Count - 1; i >= 0; i--)
                {
                    line.Add(scopes[i]);
                }
            }

            line.End();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }
}

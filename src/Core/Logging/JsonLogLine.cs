using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace GapTools.Core.Logging;

/// <summary>
/// The one JSON log line of every GapTools tool (docs/logging.md): <c>timestamp</c> (UTC, ISO-8601 with
/// milliseconds and <c>Z</c>), <c>level</c>, <c>category</c>, <c>message</c>, <c>exception</c> when there is one,
/// then the message's and the scopes' named values as flat camelCase properties. A name is written once: the
/// message's value first, then the innermost scope's; the fixed fields are never overwritten.
/// </summary>
internal sealed class JsonLogLine
{
    private static readonly string[] Fixed = ["timestamp", "level", "category", "message", "exception"];

    private readonly Utf8JsonWriter _json;
    private readonly List<string> _written = [];

    private JsonLogLine(Utf8JsonWriter json) => _json = json;

    /// <summary>Starts the object with the fixed fields; add named values with <see cref="Add"/>, then <see cref="End"/>.</summary>
    public static JsonLogLine Begin(Utf8JsonWriter json, DateTimeOffset timestamp, LogLevel level, string category, string message, string? exception)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        json.WriteString("level", LevelName(level));
        json.WriteString("category", category);
        json.WriteString("message", message);
        if (exception is not null)
        {
            json.WriteString("exception", exception);
        }

        return new JsonLogLine(json);
    }

    /// <summary>The level as Microsoft.Extensions.Logging names it: <c>Information</c>, <c>Warning</c>, …</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "Trace",
        LogLevel.Debug => "Debug",
        LogLevel.Information => "Information",
        LogLevel.Warning => "Warning",
        LogLevel.Error => "Error",
        LogLevel.Critical => "Critical",
        _ => "None",
    };

    /// <summary>Adds the named values of a message's state or a scope; anything else (a plain string scope) adds nothing.</summary>
    public void Add(object? state)
    {
        if (state is not IEnumerable<KeyValuePair<string, object?>> values)
        {
            return;
        }

        foreach (var (key, value) in values)
        {
            if (key.Length == 0 || key[0] == '{')
            {
                continue; // {OriginalFormat}: the template, not a value
            }

            var name = char.IsUpper(key[0]) ? char.ToLowerInvariant(key[0]) + key[1..] : key;
            if (Array.IndexOf(Fixed, name) >= 0 || _written.Contains(name))
            {
                continue;
            }

            _written.Add(name);
            _json.WritePropertyName(name);
            WriteValue(value);
        }
    }

    public void End() => _json.WriteEndObject();

    private void WriteValue(object? value)
    {
        switch (value)
        {
            case null:
                _json.WriteNullValue();
                break;
            case string text:
                _json.WriteStringValue(text);
                break;
            case bool flag:
                _json.WriteBooleanValue(flag);
                break;
            case Counted counted:
                _json.WriteNumberValue(counted.Value);
                break;
            case int or long or short or byte or sbyte or ushort or uint:
                _json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong big:
                _json.WriteNumberValue(big);
                break;
            case decimal number:
                _json.WriteNumberValue(number);
                break;
            case double or float when Convert.ToDouble(value, CultureInfo.InvariantCulture) is var real && double.IsFinite(real):
                _json.WriteNumberValue(real);
                break;
            case DateTimeOffset time:
                _json.WriteStringValue(time.ToString("O", CultureInfo.InvariantCulture));
                break;
            case TimeSpan span:
                _json.WriteStringValue(span.ToString("c", CultureInfo.InvariantCulture));
                break;
            case IFormattable formattable:
                _json.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                _json.WriteStringValue(value.ToString());
                break;
        }
    }
}

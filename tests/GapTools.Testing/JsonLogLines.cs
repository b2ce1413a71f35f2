using System.Globalization;
using System.Text.Json;

namespace GapTools.Testing;

/// <summary>
/// The JSON log line every GapTools tool writes (docs/logging.md), checked the same way for all three: each line an
/// object with <c>timestamp</c> (UTC, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, inside the run), <c>level</c>,
/// <c>category</c> and <c>message</c>.
/// </summary>
public static class JsonLogLines
{
    public static readonly string[] Levels = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];

    /// <summary>Every non-empty line of <paramref name="output"/>, parsed; a line that breaks the schema throws, naming it.</summary>
    /// <param name="from">When the run started (UTC): a timestamp before it (or after <paramref name="to"/>, a minute's slack) is not UTC.</param>
    public static List<JsonElement> Parse(string output, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = new List<JsonElement>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(line);
                root = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"not a JSON line ({e.Message}): {line}");
            }

            var problem = Problem(root, from, to);
            if (problem is not null)
            {
                throw new InvalidDataException($"{problem}: {line}");
            }

            lines.Add(root);
        }

        return lines;
    }

    /// <summary>The string property <paramref name="name"/>, or null.</summary>
    public static string? Text(this JsonElement line, string name) =>
        line.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Problem(JsonElement line, DateTimeOffset from, DateTimeOffset to)
    {
        if (line.ValueKind != JsonValueKind.Object)
        {
            return "not an object";
        }

        var timestamp = line.Text("timestamp");
        if (timestamp is null || !DateTimeOffset.TryParseExact(timestamp, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return "timestamp is not UTC ISO-8601 with milliseconds and Z";
        }

        if (time < from.AddMinutes(-1) || time > to.AddMinutes(1))
        {
            return $"timestamp {timestamp} is not the UTC time of the run ({from:O} to {to:O})";
        }

        if (Array.IndexOf(Levels, line.Text("level")) < 0)
        {
            return "level is not a level name";
        }

        if (string.IsNullOrEmpty(line.Text("category")))
        {
            return "no category";
        }

        return line.Text("message") is null ? "no message" : null;
    }
}

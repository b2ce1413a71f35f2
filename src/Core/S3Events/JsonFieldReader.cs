using System.Globalization;
using System.Text.Json;

namespace GapTools.Core.S3Events;

/// <summary>
/// Reads fields below one JSON object by dotted path and records a precise error for each missing or mistyped
/// field, so a rejection names the field instead of failing on the first null.
/// </summary>
internal readonly struct JsonFieldReader(JsonElement root, string location, List<string> errors)
{
    public List<string> Errors => errors;

    public string? RequiredString(string path)
    {
        var value = OptionalString(path, out var present);
        if (!present)
        {
            errors.Add($"{Name(path)} is missing");
        }
        else if (value is { Length: 0 })
        {
            errors.Add($"{Name(path)} is empty");
            return null;
        }

        return value;
    }

    public string? OptionalString(string path) => OptionalString(path, out _);

    public long? OptionalInt64(string path)
    {
        if (!TryFind(path, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number) && number >= 0)
        {
            return number;
        }

        errors.Add($"{Name(path)} must be a non-negative integer, found {Describe(element)}");
        return null;
    }

    public DateTimeOffset? RequiredTime(string path)
    {
        var text = RequiredString(path);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(
                text,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var time))
        {
            return time;
        }

        errors.Add($"{Name(path)} is not an ISO-8601 time");
        return null;
    }

    public string Name(string path) => location.Length == 0 ? path : $"{location}.{path}";

    private string? OptionalString(string path, out bool present)
    {
        present = false;
        if (!TryFind(path, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        present = true;
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString();
        }

        errors.Add($"{Name(path)} must be a string, found {Describe(element)}");
        return null;
    }

    // Field names in these shapes never contain dots ("version-id" has a dash), so a dotted path is unambiguous.
    private bool TryFind(string path, out JsonElement element)
    {
        element = root;
        foreach (var segment in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => element.ValueKind.ToString(),
    };
}

using System.Globalization;
using System.Text.Json;

namespace GapTools.SsmWrap.Mapping;

/// <summary>Flattens a JSON object value into (key path, leaf value) pairs.</summary>
internal static class JsonExpander
{
    /// <summary>The leaves of a JSON object, or null when the value is not one (the value is never quoted in errors).</summary>
    public static IReadOnlyList<(IReadOnlyList<string> Keys, string Value)>? Expand(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var leaves = new List<(IReadOnlyList<string>, string)>();
            Walk(document.RootElement, [], leaves);
            return leaves;
        }
        catch (JsonException)
        {
            // Its message can quote the value; the caller reports the parameter name instead.
            return null;
        }
    }

    private static void Walk(JsonElement element, IReadOnlyList<string> keys, List<(IReadOnlyList<string>, string)> leaves)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, [.. keys, property.Name], leaves);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, [.. keys, (index++).ToString(CultureInfo.InvariantCulture)], leaves);
                }

                break;
            case JsonValueKind.String:
                leaves.Add((keys, element.GetString() ?? ""));
                break;
            case JsonValueKind.Null:
                leaves.Add((keys, ""));
                break;
            default: // numbers and booleans as written
                leaves.Add((keys, element.GetRawText()));
                break;
        }
    }
}

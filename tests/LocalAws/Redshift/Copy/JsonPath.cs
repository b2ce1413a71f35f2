using System.Globalization;
using System.Text.Json;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>
/// A Redshift JSONPaths expression: <c>$</c> followed by <c>.name</c>, <c>['name']</c>, <c>["name"]</c> or
/// <c>[index]</c> steps (Redshift supports no wildcards or filters). A path that leads nowhere yields NULL.
/// </summary>
internal sealed record JsonPath(string Text, IReadOnlyList<object> Steps)
{
    public static JsonPath Parse(string text)
    {
        if (!text.StartsWith('$'))
        {
            throw Invalid(text, "it must start with $");
        }

        var steps = new List<object>();
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] is not '.' and not '[')
                {
                    end++;
                }

                if (end == i + 1)
                {
                    throw Invalid(text, "empty name after '.'");
                }

                steps.Add(text[(i + 1)..end]);
                i = end;
            }
            else if (text[i] == '[' && i + 1 < text.Length && text[i + 1] is '\'' or '"')
            {
                var quote = text[i + 1];
                var close = text.IndexOf(quote, i + 2);
                if (close < 0 || close + 1 >= text.Length || text[close + 1] != ']')
                {
                    throw Invalid(text, "unterminated bracket");
                }

                steps.Add(text[(i + 2)..close]);
                i = close + 2;
            }
            else if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0 || !int.TryParse(text.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    throw Invalid(text, "an array index must be a non-negative integer");
                }

                steps.Add(index);
                i = close + 1;
            }
            else
            {
                throw Invalid(text, $"unexpected '{text[i]}'");
            }
        }

        return new JsonPath(text, steps);
    }

    /// <summary>The JSONPaths file: <c>{"jsonpaths": ["$.a", …]}</c>, one path per target column.</summary>
    public static IReadOnlyList<JsonPath> ParseFile(byte[] json, S3Url file, int columnCount)
    {
        List<JsonPath> paths;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("jsonpaths", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                throw new RedshiftCopyException($"Invalid JSONPath format in {file}: expected {{\"jsonpaths\": [ ... ]}}", SqlStates.InternalError);
            }

            paths = array.EnumerateArray()
                .Select(p => p.ValueKind == JsonValueKind.String
                    ? Parse(p.GetString()!)
                    : throw new RedshiftCopyException($"Invalid JSONPath format in {file}: every path must be a string", SqlStates.InternalError))
                .ToList();
        }
        catch (JsonException e)
        {
            throw new RedshiftCopyException($"Invalid JSONPath format in {file}: {e.Message}", SqlStates.InternalError, e);
        }

        return paths.Count == columnCount
            ? paths
            : throw new RedshiftCopyException(
                string.Create(CultureInfo.InvariantCulture, $"Number of jsonpaths and the number of columns should match. JSONPath size: {paths.Count}, Number of columns in table or column list: {columnCount}"),
                SqlStates.InternalError);
    }

    public JsonElement? Evaluate(JsonElement root)
    {
        var current = root;
        foreach (var step in Steps)
        {
            switch (step)
            {
                case string name when current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out var child):
                    current = child;
                    break;
                case int index when current.ValueKind == JsonValueKind.Array && index < current.GetArrayLength():
                    current = current[index];
                    break;
                default:
                    return null;
            }
        }

        return current;
    }

    private static RedshiftCopyException Invalid(string path, string reason) =>
        new($"Invalid JSONPath format: {reason}: {path}", SqlStates.InternalError);
}

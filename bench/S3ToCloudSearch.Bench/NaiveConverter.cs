using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GapTools.S3ToCloudSearch.Bench;

/// <summary>
/// The baseline: what a straightforward port of s32cs does per line — parse into a DOM, strip invalid XML characters
/// from every string with a regular expression, serialize a new object. No validation beyond that.
/// </summary>
public sealed partial class NaiveConverter
{
    public byte[]? Convert(ReadOnlySpan<byte> line)
    {
        if (JsonNode.Parse(line) is not JsonObject document)
        {
            return null;
        }

        var type = (string?)document["type"];
        var output = new JsonObject { ["type"] = type, ["id"] = (string?)document["id"] };
        if (type == "add" && document["fields"] is JsonObject fields)
        {
            var clean = new JsonObject();
            foreach (var (name, value) in fields)
            {
                clean[name] = Strip(value);
            }

            output["fields"] = clean;
        }

        return Encoding.UTF8.GetBytes(output.ToJsonString());
    }

    private static JsonNode? Strip(JsonNode? value) => value switch
    {
        JsonArray array => new JsonArray(array.Select(Strip).ToArray()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => InvalidXml().Replace(v.GetValue<string>(), ""),
        _ => value?.DeepClone(),
    };

    [GeneratedRegex("[^\\x09\\x0A\\x0D\\x20-\\uD7FF\\uD800-\\uDFFF\\uE000-\\uFFFD]")]
    private static partial Regex InvalidXml();
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.Sqs;

/// <summary>
/// Renders an operation's result (built in the JSON protocol's shape) as the query protocol's XML. The two differ
/// only in naming: query lists and maps are flattened, one element per item (<c>Messages</c> → <c>&lt;Message&gt;</c>,
/// <c>Attributes</c> → <c>&lt;Attribute&gt;&lt;Name/&gt;&lt;Value/&gt;&lt;/Attribute&gt;</c>), per the 2012-11-05 query model.
/// </summary>
internal static class SqsQueryXml
{
    public static readonly XNamespace Namespace = "http://queue.amazonaws.com/doc/2012-11-05/";

    private static readonly Dictionary<string, string> ListItems = new(StringComparer.Ordinal)
    {
        ["Messages"] = "Message",
        ["QueueUrls"] = "QueueUrl",
        ["Failed"] = "BatchResultErrorEntry",
    };

    private static readonly Dictionary<string, string> MapEntries = new(StringComparer.Ordinal)
    {
        ["Attributes"] = "Attribute",
        ["MessageAttributes"] = "MessageAttribute",
    };

    /// <summary>A null result is an action without a Result element (DeleteMessage, PurgeQueue, …).</summary>
    public static AwsResponse Render(string action, JsonObject? result, string requestId) =>
        result is null
            ? QueryProtocol.EmptyResult(action, Namespace, requestId)
            : QueryProtocol.Result(action, Namespace, requestId, Members(result, action).ToArray());

    private static IEnumerable<XElement> Members(JsonObject json, string action)
    {
        foreach (var (name, node) in json)
        {
            switch (node)
            {
                case JsonArray array:
                    // Batch results: Successful → SendMessageBatchResultEntry, DeleteMessageBatchResultEntry, …
                    var item = name == "Successful" ? action + "ResultEntry" : ListItems.GetValueOrDefault(name, name);
                    foreach (var element in array)
                    {
                        yield return new XElement(Namespace + item, Content(element, action));
                    }

                    break;
                case JsonObject map when MapEntries.TryGetValue(name, out var entry):
                    foreach (var (key, value) in map)
                    {
                        yield return new XElement(Namespace + entry, new XElement(Namespace + "Name", key), new XElement(Namespace + "Value", Content(value, action)));
                    }

                    break;
                case null:
                    break;
                default:
                    yield return new XElement(Namespace + name, Content(node, action));
                    break;
            }
        }
    }

    private static object? Content(JsonNode? node, string action) => node switch
    {
        JsonObject json => Members(json, action).ToArray(),
        JsonValue value when value.GetValueKind() is JsonValueKind.True => "true",
        JsonValue value when value.GetValueKind() is JsonValueKind.False => "false",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => value.ToJsonString(),
        _ => null,
    };
}

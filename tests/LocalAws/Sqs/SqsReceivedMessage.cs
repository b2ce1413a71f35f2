using System.Globalization;
using System.Text.Json.Nodes;

namespace GapTools.LocalAws.Sqs;

/// <summary>
/// Renders one delivery as ReceiveMessage returns it: only the system and message attributes asked for, and
/// MD5OfMessageAttributes over exactly the message attributes returned (what SDKs verify). Pure.
/// </summary>
internal static class SqsReceivedMessage
{
    public static JsonObject Render(SqsDelivery delivery, IReadOnlyCollection<string> systemNames, IReadOnlyCollection<string> attributeNames)
    {
        var message = delivery.Message;
        var json = new JsonObject
        {
            ["MessageId"] = message.MessageId,
            ["ReceiptHandle"] = delivery.ReceiptHandle,
            ["MD5OfBody"] = message.Md5OfBody,
            ["Body"] = message.Body,
        };

        var system = SystemAttributes(delivery)
            .Where(a => systemNames.Contains("All") || systemNames.Contains(a.Key))
            .ToList();
        if (system.Count > 0)
        {
            json["Attributes"] = new JsonObject(system.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
        }

        var selected = message.Attributes.Where(a => Wanted(a.Key, attributeNames)).ToList();
        if (selected.Count > 0)
        {
            json["MD5OfMessageAttributes"] = SqsMd5.OfAttributes(selected);
            json["MessageAttributes"] = new JsonObject(selected.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)Attribute(a.Value))));
        }

        return json;
    }

    public static JsonObject Attribute(SqsMessageAttribute attribute)
    {
        var json = new JsonObject();
        if (attribute.StringValue is { } text)
        {
            json["StringValue"] = text;
        }
        else if (attribute.BinaryValue is { } bytes)
        {
            json["BinaryValue"] = Convert.ToBase64String(bytes);
        }

        json["DataType"] = attribute.DataType;
        return json;
    }

    private static IEnumerable<KeyValuePair<string, string>> SystemAttributes(SqsDelivery delivery)
    {
        var message = delivery.Message;
        yield return new("SenderId", message.SenderId);
        yield return new("SentTimestamp", Millis(message.SentAt));
        yield return new("ApproximateReceiveCount", delivery.ReceiveCount.ToString(CultureInfo.InvariantCulture));
        yield return new("ApproximateFirstReceiveTimestamp", Millis(delivery.FirstReceivedAt));
        if (message.SystemAttributes.TryGetValue("AWSTraceHeader", out var trace) && trace.StringValue is { } header)
        {
            yield return new("AWSTraceHeader", header);
        }

        if (message.DeadLetterQueueSourceArn is { } source)
        {
            yield return new("DeadLetterQueueSourceArn", source);
        }
    }

    // "All" and ".*" select everything; "prefix.*" selects names starting with "prefix.".
    private static bool Wanted(string name, IReadOnlyCollection<string> requested) =>
        requested.Any(r => r is "All" or ".*"
            || r == name
            || (r.EndsWith(".*", StringComparison.Ordinal) && name.StartsWith(r[..^1], StringComparison.Ordinal)));

    private static string Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}

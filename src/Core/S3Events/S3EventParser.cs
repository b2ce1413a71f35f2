using System.Text.Json;

namespace GapTools.Core.S3Events;

/// <summary>
/// Turns an SQS message body into S3 events. Understands S3 event notifications, SNS envelopes around them (or
/// around EventBridge events), EventBridge "Object Created" events and <c>s3:TestEvent</c>. Pure: no I/O.
/// </summary>
public static class S3EventParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Parses one message body. Never throws for bad input: problems become <see cref="S3EventBatch.Rejected"/>.</summary>
    public static S3EventBatch Parse(string messageBody)
    {
        var batch = new S3EventBatchBuilder();
        if (string.IsNullOrWhiteSpace(messageBody))
        {
            batch.Rejected("message body is empty");
        }
        else
        {
            ParseDocument(messageBody, "message body", location: "", insideSns: false, batch);
        }

        return batch.Build();
    }

    private static void ParseDocument(string json, string what, string location, bool insideSns, S3EventBatchBuilder batch)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            batch.Rejected($"{what} is not valid JSON ({e.Message})");
            return;
        }

        using (document)
        {
            Dispatch(document.RootElement, what, location, insideSns, batch);
        }
    }

    private static void Dispatch(JsonElement root, string what, string location, bool insideSns, S3EventBatchBuilder batch)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            batch.Rejected($"{what} must be a JSON object, found {root.ValueKind}");
            return;
        }

        var source = insideSns ? S3EventSource.Sns : S3EventSource.S3Notification;
        if (root.TryGetProperty("Records", out _))
        {
            S3NotificationReader.Read(root, source, location, batch);
        }
        else if (IsString(root, "Event", "s3:TestEvent"))
        {
            // S3 sends this once when a notification configuration is saved.
            batch.Ignored(new S3EventIgnored("s3:TestEvent", "S3 test event sent when notifications are configured", null));
        }
        else if (root.TryGetProperty("detail-type", out _))
        {
            S3EventBridgeReader.Read(root, insideSns ? S3EventSource.Sns : S3EventSource.EventBridge, location, batch);
        }
        else if (!insideSns && root.TryGetProperty("Type", out _))
        {
            ReadSnsEnvelope(root, batch);
        }
        else
        {
            var name = location.Length == 0 ? what : location;
            batch.Rejected(
                $"{name} is not an S3 event notification (Records), an SNS notification (Type) or an EventBridge event (detail-type)");
        }
    }

    private static void ReadSnsEnvelope(JsonElement root, S3EventBatchBuilder batch)
    {
        var fields = new JsonFieldReader(root, "", []);
        var type = fields.RequiredString("Type");
        if (type is "SubscriptionConfirmation" or "UnsubscribeConfirmation")
        {
            batch.Ignored(new S3EventIgnored($"SNS {type}", "SNS subscription control message, not an S3 event", null));
            return;
        }

        if (type is not null && type != "Notification")
        {
            batch.Rejected($"Type is '{type}', expected an SNS 'Notification'");
            return;
        }

        var message = fields.RequiredString("Message");
        if (type is null || message is null)
        {
            batch.Rejected(string.Join("; ", fields.Errors));
            return;
        }

        ParseDocument(message, "SNS Message", "Message", insideSns: true, batch);
    }

    private static bool IsString(JsonElement root, string name, string expected) =>
        root.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && value.ValueEquals(expected);
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace GapTools.LocalAws.Sqs;

/// <summary>Message operations: send, receive (long poll), delete, change visibility, each with its batch form.</summary>
internal sealed class SqsMessageOperations(SqsStore store, SqsQueueOperations queues)
{
    public JsonObject SendMessage(ISqsInput input, SqsCall call) => Send(queues.Queue(input, call), input, call);

    public JsonObject SendMessageBatch(ISqsInput input, SqsCall call)
    {
        var queue = queues.Queue(input, call);
        var entries = input.Entries("Entries", "SendMessageBatchRequestEntry");
        SqsBatch.Validate(entries);
        var messages = entries.Select(Outgoing).ToList();
        var total = messages.Sum(m => m.Size);
        if (total > queue.Settings.MaximumMessageSize)
        {
            throw SqsErrors.BatchRequestTooLong(total, queue.Settings.MaximumMessageSize);
        }

        return SqsBatch.Run(entries, entry => Send(queue, entry, call));
    }

    public async Task<JsonObject> ReceiveMessageAsync(ISqsInput input, SqsCall call)
    {
        var queue = queues.Queue(input, call);
        var max = Bounded(input, "MaxNumberOfMessages", 1, SqsDefaults.MaxMessagesPerReceive, "Must be between 1 and 10, if provided.") ?? 1;
        var wait = Bounded(input, "WaitTimeSeconds", 0, SqsDefaults.MaxWaitTimeSeconds, "Must be >= 0 and <= 20, if provided.");
        var visibility = VisibilityTimeout(input);
        var systemNames = input.Strings("AttributeNames", "AttributeName")
            .Concat(input.Strings("MessageSystemAttributeNames", "MessageSystemAttributeName"))
            .ToHashSet(StringComparer.Ordinal);
        var attributeNames = input.Strings("MessageAttributeNames", "MessageAttributeName");

        var request = new SqsReceiveRequest(max, Seconds(visibility), Seconds(wait));
        var deliveries = await store.ReceiveAsync(queue, request, call.Aborted);
        return deliveries.Count == 0
            ? []
            : new JsonObject { ["Messages"] = new JsonArray(deliveries.Select(d => (JsonNode)SqsReceivedMessage.Render(d, systemNames, attributeNames)).ToArray()) };
    }

    public JsonObject? DeleteMessage(ISqsInput input, SqsCall call)
    {
        Delete(queues.Queue(input, call), input);
        return null;
    }

    public JsonObject DeleteMessageBatch(ISqsInput input, SqsCall call)
    {
        var queue = queues.Queue(input, call);
        var entries = input.Entries("Entries", "DeleteMessageBatchRequestEntry");
        SqsBatch.Validate(entries);
        return SqsBatch.Run(entries, entry =>
        {
            Delete(queue, entry);
            return [];
        });
    }

    public JsonObject? ChangeMessageVisibility(ISqsInput input, SqsCall call)
    {
        ChangeVisibility(queues.Queue(input, call), input);
        return null;
    }

    public JsonObject ChangeMessageVisibilityBatch(ISqsInput input, SqsCall call)
    {
        var queue = queues.Queue(input, call);
        var entries = input.Entries("Entries", "ChangeMessageVisibilityBatchRequestEntry");
        SqsBatch.Validate(entries);
        return SqsBatch.Run(entries, entry =>
        {
            ChangeVisibility(queue, entry);
            return [];
        });
    }

    private JsonObject Send(SqsQueue queue, ISqsInput input, SqsCall call)
    {
        var message = store.Enqueue(queue, Outgoing(input), call.SenderId);
        var result = new JsonObject { ["MessageId"] = message.MessageId, ["MD5OfMessageBody"] = message.Md5OfBody };
        if (SqsMd5.OfAttributes(message.Attributes) is { } attributesMd5)
        {
            result["MD5OfMessageAttributes"] = attributesMd5;
        }

        if (SqsMd5.OfAttributes(message.SystemAttributes) is { } systemMd5)
        {
            result["MD5OfMessageSystemAttributes"] = systemMd5;
        }

        return result;
    }

    private static SqsOutgoingMessage Outgoing(ISqsInput input)
    {
        // MessageGroupId is allowed on standard queues (fair queues) and only affects scheduling; deduplication is FIFO-only.
        if (input.String("MessageDeduplicationId") is not null)
        {
            throw SqsErrors.InvalidParameterValue("The request include parameter that is not valid for this queue type. Reason: MessageDeduplicationId applies only to FIFO queues.");
        }

        return new SqsOutgoingMessage(
            input.String("MessageBody"),
            input.Int("DelaySeconds"),
            input.MessageAttributes("MessageAttributes", "MessageAttribute"),
            input.MessageAttributes("MessageSystemAttributes", "MessageSystemAttribute"));
    }

    private static void Delete(SqsQueue queue, ISqsInput input) =>
        // A stale handle (the message was received again since) succeeds without deleting, as on AWS.
        _ = queue.Delete(Handle(queue, input));

    private void ChangeVisibility(SqsQueue queue, ISqsInput input)
    {
        var handle = Handle(queue, input);
        var timeout = VisibilityTimeout(input) ?? throw SqsErrors.MissingParameter("VisibilityTimeout");
        queue.ChangeVisibility(handle, input.String("ReceiptHandle")!, TimeSpan.FromSeconds(timeout), store.Time.GetUtcNow());
    }

    private static SqsReceiptHandle Handle(SqsQueue queue, ISqsInput input)
    {
        var text = input.Required("ReceiptHandle");
        return SqsReceiptHandle.TryParse(text, out var handle) && handle.QueueName == queue.Name
            ? handle
            : throw SqsErrors.ReceiptHandleIsInvalid(text);
    }

    private static int? VisibilityTimeout(ISqsInput input) =>
        Bounded(input, "VisibilityTimeout", 0, SqsDefaults.MaxVisibilityTimeoutSeconds,
            $"Must be between 0 and {SqsDefaults.MaxVisibilityTimeoutSeconds} seconds, if provided.");

    private static int? Bounded(ISqsInput input, string name, int min, int max, string reason) =>
        input.Int(name) is { } value && (value < min || value > max)
            ? throw SqsErrors.InvalidParameterValue(name, value.ToString(CultureInfo.InvariantCulture), reason)
            : input.Int(name);

    private static TimeSpan? Seconds(int? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;
}

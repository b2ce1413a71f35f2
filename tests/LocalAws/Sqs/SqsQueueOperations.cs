using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace GapTools.LocalAws.Sqs;

/// <summary>Queue-level operations: create, find, list, delete, attributes, purge. Results use the JSON shape.</summary>
internal sealed class SqsQueueOperations(SqsStore store)
{
    private const int MaxListResults = 1_000;

    /// <summary>QueueAttributeName values GetQueueAttributes accepts (FIFO-only ones simply never appear).</summary>
    private static readonly FrozenSet<string> KnownAttributeNames = new[]
    {
        "All", "Policy", "VisibilityTimeout", "MaximumMessageSize", "MessageRetentionPeriod", "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible", "CreatedTimestamp", "LastModifiedTimestamp", "QueueArn",
        "ApproximateNumberOfMessagesDelayed", "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "RedrivePolicy", "FifoQueue",
        "ContentBasedDeduplication", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "DeduplicationScope",
        "FifoThroughputLimit", "RedriveAllowPolicy", "SqsManagedSseEnabled",
    }.ToFrozenSet(StringComparer.Ordinal);

    public JsonObject CreateQueue(ISqsInput input, SqsCall call)
    {
        var queue = store.CreateOrGet(
            input.Required("QueueName"),
            input.StringMap("Attributes", "Attribute"),
            input.StringMap("tags", "Tag", "Key", "Value"));
        return new JsonObject { ["QueueUrl"] = Url(call, queue) };
    }

    public JsonObject GetQueueUrl(ISqsInput input, SqsCall call) =>
        new() { ["QueueUrl"] = Url(call, store.Get(input.Required("QueueName"))) };

    /// <summary>Without MaxResults AWS returns up to 1,000 URLs and no token; with it, pages by NextToken.</summary>
    public JsonObject ListQueues(ISqsInput input, SqsCall call)
    {
        var max = input.Int("MaxResults");
        if (max is not null and not (>= 1 and <= MaxListResults))
        {
            throw SqsErrors.InvalidParameterValue("MaxResults", max.Value.ToString(CultureInfo.InvariantCulture), $"MaxResults must be between 1 and {MaxListResults}.");
        }

        var after = input.String("NextToken") is { Length: > 0 } token ? DecodeToken(token) : null;
        var names = store.List(input.String("QueueNamePrefix"))
            .Where(q => after is null || string.CompareOrdinal(q.Name, after) > 0)
            .Take((max ?? MaxListResults) + 1)
            .ToList();
        var page = names.Take(max ?? MaxListResults).ToList();
        var result = new JsonObject();
        if (page.Count > 0)
        {
            result["QueueUrls"] = new JsonArray(page.Select(q => (JsonNode)Url(call, q)).ToArray());
        }

        if (max is not null && names.Count > page.Count)
        {
            result["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Name));
        }

        return result;
    }

    public JsonObject? DeleteQueue(ISqsInput input, SqsCall call)
    {
        store.Delete(Queue(input, call));
        return null;
    }

    public JsonObject GetQueueAttributes(ISqsInput input, SqsCall call)
    {
        var queue = Queue(input, call);
        var names = input.Strings("AttributeNames", "AttributeName");
        if (names.FirstOrDefault(n => !KnownAttributeNames.Contains(n)) is { } unknown)
        {
            throw SqsErrors.InvalidAttributeName(unknown);
        }

        var all = names.Contains("All");
        var attributes = new JsonObject();
        foreach (var (name, value) in AllAttributes(queue))
        {
            if (all || names.Contains(name))
            {
                attributes[name] = value;
            }
        }

        return attributes.Count == 0 ? [] : new JsonObject { ["Attributes"] = attributes };
    }

    public JsonObject? SetQueueAttributes(ISqsInput input, SqsCall call)
    {
        store.SetAttributes(Queue(input, call), input.StringMap("Attributes", "Attribute"));
        return null;
    }

    public JsonObject? PurgeQueue(ISqsInput input, SqsCall call)
    {
        Queue(input, call).Purge();
        return null;
    }

    /// <summary>The queue a request addresses: QueueUrl, or for query clients that post to the URL, the path.</summary>
    public SqsQueue Queue(ISqsInput input, SqsCall call) =>
        store.Get(input.String("QueueUrl") ?? call.PathQueueName ?? throw SqsErrors.MissingParameter("QueueUrl"));

    private IEnumerable<KeyValuePair<string, string>> AllAttributes(SqsQueue queue)
    {
        var counts = queue.Snapshot(store.Time.GetUtcNow());
        foreach (var pair in queue.Settings.ToAttributes())
        {
            yield return pair;
        }

        yield return new("ApproximateNumberOfMessages", Text(counts.Visible));
        yield return new("ApproximateNumberOfMessagesNotVisible", Text(counts.InFlight));
        yield return new("ApproximateNumberOfMessagesDelayed", Text(counts.Delayed));
        yield return new("CreatedTimestamp", Text(queue.CreatedAt.ToUnixTimeSeconds()));
        yield return new("LastModifiedTimestamp", Text(queue.LastModifiedAt.ToUnixTimeSeconds()));
        yield return new("QueueArn", queue.Arn);
    }

    private string Url(SqsCall call, SqsQueue queue) => SqsQueueAddress.Url(call.BaseUrl, store.AccountId, queue.Name);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw SqsErrors.InvalidParameterValue("NextToken", token, "Invalid token.");
        }
    }
}

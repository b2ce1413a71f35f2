using System.Globalization;
using System.Text.Json;
using GapTools.Workers.Sqs;

namespace GapTools.Workers.Lambda;

/// <summary>What triggered an invocation.</summary>
public enum LambdaEventKind
{
    /// <summary>Neither an SQS batch nor an S3 event: answered with an error naming what it looked like.</summary>
    Unsupported,

    /// <summary>An SQS event source mapping's batch (<c>Records[].eventSource == "aws:sqs"</c>); each body an S3 event (direct, SNS or EventBridge).</summary>
    Sqs,

    /// <summary>The payload itself is an S3 event: an S3 notification (S3 → Lambda trigger) or an EventBridge event.</summary>
    S3,
}

/// <summary>An invocation's payload, read just far enough to know its kind and, for SQS, its messages.</summary>
/// <param name="Kind">The trigger.</param>
/// <param name="Messages">For <see cref="LambdaEventKind.Sqs"/>: the records as messages (receipt handle, body, receive count).</param>
/// <param name="Problem">For <see cref="LambdaEventKind.Unsupported"/>: why.</param>
public sealed record LambdaEvent(LambdaEventKind Kind, IReadOnlyList<SqsMessage> Messages, string? Problem = null)
{
    /// <summary>Reads <paramref name="payload"/>; never throws on bad input (that is <see cref="LambdaEventKind.Unsupported"/>).</summary>
    public static LambdaEvent Read(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Unsupported($"the event is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
            }

            if (root.TryGetProperty("source", out var source) && root.TryGetProperty("detail-type", out _))
            {
                return source.ValueKind == JsonValueKind.String && source.GetString() == "aws.s3"
                    ? new LambdaEvent(LambdaEventKind.S3, [])
                    : Unsupported($"an EventBridge event from {source}, not aws.s3");
            }

            if (!root.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array || records.GetArrayLength() == 0)
            {
                return Unsupported("no Records array and no EventBridge detail-type");
            }

            var sources = records.EnumerateArray().Select(r => Text(r, "eventSource") ?? Text(r, "EventSource")).Distinct().ToList();
            return sources switch
            {
                ["aws:sqs"] => new LambdaEvent(LambdaEventKind.Sqs, [.. records.EnumerateArray().Select(ToMessage)]),
                // A direct S3 notification; its parser names any record it cannot read.
                ["aws:s3"] => new LambdaEvent(LambdaEventKind.S3, []),
                _ => Unsupported($"Records from {string.Join(", ", sources.Select(s => s ?? "(no eventSource)"))}; expected aws:sqs or aws:s3 only"),
            };
        }
        catch (JsonException e)
        {
            return Unsupported($"the event is not JSON ({e.Message})");
        }
        catch (FormatException e)
        {
            return Unsupported(e.Message);
        }
    }

    private static LambdaEvent Unsupported(string problem) => new(LambdaEventKind.Unsupported, [], problem);

    private static SqsMessage ToMessage(JsonElement record)
    {
        var id = Text(record, "messageId") ?? throw new FormatException("an SQS record has no messageId");
        var attributes = record.TryGetProperty("attributes", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        var receiveCount = int.TryParse(Text(attributes, "ApproximateReceiveCount"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
        DateTimeOffset? sent = long.TryParse(Text(attributes, "SentTimestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
        return new SqsMessage(id, Text(record, "receiptHandle") ?? "", Text(record, "body") ?? "", receiveCount, sent, new Dictionary<string, string>());
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

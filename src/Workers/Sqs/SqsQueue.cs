using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace GapTools.Workers.Sqs;

/// <summary>
/// <see cref="ISqsQueue"/> over the AWS SDK's <see cref="IAmazonSQS"/>: mapping and chunking only. Retries belong
/// to the caller's pipeline, so configure the client with <c>MaxErrorRetry = 0</c>.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "Queue is the AWS noun (an SQS queue), not a collection type.")]
public sealed class SqsQueue : ISqsQueue
{
    private static readonly List<string> SystemAttributes = ["ApproximateReceiveCount", "SentTimestamp"];
    private readonly IAmazonSQS _sqs;

    /// <param name="sqs">SDK client.</param>
    /// <param name="queueUrl">Queue URL (use <see cref="CreateAsync"/> to start from a name).</param>
    public SqsQueue(IAmazonSQS sqs, string queueUrl)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentException.ThrowIfNullOrWhiteSpace(queueUrl);
        _sqs = sqs;
        QueueUrl = queueUrl;
    }

    /// <inheritdoc />
    public string QueueUrl { get; }

    /// <summary>Uses <paramref name="queueNameOrUrl"/> as is when it is a URL, otherwise resolves the name with GetQueueUrl.</summary>
    public static async Task<SqsQueue> CreateAsync(IAmazonSQS sqs, string queueNameOrUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentException.ThrowIfNullOrWhiteSpace(queueNameOrUrl);
        if (Uri.TryCreate(queueNameOrUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return new SqsQueue(sqs, queueNameOrUrl);
        }

        try
        {
            var response = await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = queueNameOrUrl }, cancellationToken).ConfigureAwait(false);
            return new SqsQueue(sqs, response.QueueUrl);
        }
        catch (QueueDoesNotExistException e)
        {
            // The SDK's message names no queue; a worker reading two queues (source and dead letters) must say which.
            throw new InvalidOperationException($"The SQS queue '{queueNameOrUrl}' does not exist in this account and region ({e.ErrorCode}).", e);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SqsMessage>> ReceiveAsync(int maxMessages, TimeSpan waitTime, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var request = new ReceiveMessageRequest
        {
            QueueUrl = QueueUrl,
            MaxNumberOfMessages = maxMessages,
            WaitTimeSeconds = (int)Math.Round(waitTime.TotalSeconds),
            VisibilityTimeout = SqsLimits.VisibilitySeconds(visibilityTimeout),
            MessageSystemAttributeNames = SystemAttributes,
            MessageAttributeNames = ["All"],
        };
        var response = await _sqs.ReceiveMessageAsync(request, cancellationToken).ConfigureAwait(false);
        return response.Messages is null ? [] : response.Messages.Select(Map).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SqsBatchFailure>> DeleteBatchAsync(IReadOnlyList<SqsMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var failures = new List<SqsBatchFailure>();
        foreach (var chunk in messages.Chunk(SqsLimits.MaxBatchEntries))
        {
            var request = new DeleteMessageBatchRequest
            {
                QueueUrl = QueueUrl,
                Entries = chunk.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = EntryId(i), ReceiptHandle = m.ReceiptHandle }).ToList(),
            };
            var response = await _sqs.DeleteMessageBatchAsync(request, cancellationToken).ConfigureAwait(false);
            failures.AddRange(MapFailures(chunk, response.Failed));
        }

        return failures;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SqsBatchFailure>> ChangeVisibilityBatchAsync(IReadOnlyList<SqsMessage> messages, TimeSpan visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var seconds = SqsLimits.VisibilitySeconds(visibility);
        var failures = new List<SqsBatchFailure>();
        foreach (var chunk in messages.Chunk(SqsLimits.MaxBatchEntries))
        {
            var request = new ChangeMessageVisibilityBatchRequest
            {
                QueueUrl = QueueUrl,
                Entries = chunk.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry
                {
                    Id = EntryId(i),
                    ReceiptHandle = m.ReceiptHandle,
                    VisibilityTimeout = seconds,
                }).ToList(),
            };
            var response = await _sqs.ChangeMessageVisibilityBatchAsync(request, cancellationToken).ConfigureAwait(false);
            failures.AddRange(MapFailures(chunk, response.Failed));
        }

        return failures;
    }

    /// <inheritdoc />
    public Task SendAsync(string body, IReadOnlyDictionary<string, string>? attributes, CancellationToken cancellationToken)
    {
        var request = new SendMessageRequest
        {
            QueueUrl = QueueUrl,
            MessageBody = body,
            MessageAttributes = attributes?.ToDictionary(
                a => a.Key,
                a => new MessageAttributeValue { DataType = "String", StringValue = a.Value }),
        };
        return _sqs.SendMessageAsync(request, cancellationToken);
    }

    private static SqsMessage Map(Message message)
    {
        string? receiveCount = null;
        string? sent = null;
        message.Attributes?.TryGetValue("ApproximateReceiveCount", out receiveCount);
        message.Attributes?.TryGetValue("SentTimestamp", out sent);
        var attributes = message.MessageAttributes?.ToDictionary(
            a => a.Key,
            a => a.Value.StringValue ?? (a.Value.BinaryValue is { } binary ? Convert.ToBase64String(binary.ToArray()) : ""))
            ?? [];
        return new SqsMessage(
            message.MessageId,
            message.ReceiptHandle,
            message.Body ?? "",
            int.TryParse(receiveCount, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 1,
            long.TryParse(sent, NumberStyles.None, CultureInfo.InvariantCulture, out var epochMs) ? DateTimeOffset.FromUnixTimeMilliseconds(epochMs) : null,
            attributes);
    }

    private static IEnumerable<SqsBatchFailure> MapFailures(SqsMessage[] chunk, List<BatchResultErrorEntry>? failed) =>
        failed is null
            ? []
            : failed.Select(f => new SqsBatchFailure(
                chunk[int.Parse(f.Id, NumberStyles.None, CultureInfo.InvariantCulture)],
                f.Code ?? "Unknown",
                f.SenderFault ?? false,
                f.Message));

    // Entry ids only need to be unique within one request.
    private static string EntryId(int index) => index.ToString(CultureInfo.InvariantCulture);
}

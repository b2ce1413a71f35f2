using System.Collections.Concurrent;

namespace GapTools.LocalAws.Sqs;

/// <summary>
/// Every emulated SQS queue, by name. Besides serving the wire API it is the in-process entry point for other
/// emulators (S3 notifications call <see cref="Send"/>) and for tests that arrange or inspect queues directly.
/// Time comes from the injected <see cref="TimeProvider"/>, so visibility timeouts and delays are testable.
/// </summary>
public sealed class SqsStore
{
    private readonly ConcurrentDictionary<string, SqsQueue> queues = new(StringComparer.Ordinal);
    private readonly Lock createGate = new();

    public SqsStore(TimeProvider time, string accountId = SqsDefaults.AccountId, string region = SqsDefaults.Region)
    {
        Time = time;
        AccountId = accountId;
        Region = region;
    }

    public TimeProvider Time { get; }

    public string AccountId { get; }

    public string Region { get; }

    public IReadOnlyList<string> QueueNames => queues.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary><c>arn:aws:sqs:us-east-1:000000000000:name</c></summary>
    public string QueueArn(string queueName) => SqsQueueAddress.Arn(Region, AccountId, queueName);

    /// <summary><c>{serviceUrl}/000000000000/name</c></summary>
    public string QueueUrl(Uri serviceUrl, string queueName) => SqsQueueAddress.Url(serviceUrl.ToString(), AccountId, queueName);

    /// <summary>
    /// Creates a standard queue, or returns the existing one when the given attributes match it (CreateQueue's
    /// idempotency). Returns the queue ARN.
    /// </summary>
    /// <exception cref="SqsException">Invalid name or attribute, FIFO requested, or the name exists with other attributes.</exception>
    public string CreateQueue(string queueName, IReadOnlyDictionary<string, string>? attributes = null) =>
        CreateOrGet(queueName, attributes ?? new Dictionary<string, string>(), new Dictionary<string, string>()).Arn;

    /// <summary>Sends a message with optional String attributes, as a producer would; returns the message id.</summary>
    /// <param name="queueNameOrArnOrUrl">A queue name, ARN or URL (any host).</param>
    public string Send(string queueNameOrArnOrUrl, string body, IReadOnlyDictionary<string, string>? stringAttributes = null)
    {
        var attributes = (stringAttributes ?? new Dictionary<string, string>())
            .ToDictionary(a => a.Key, a => SqsMessageAttribute.String(a.Value), StringComparer.Ordinal);
        var message = new SqsOutgoingMessage(body, null, attributes, new Dictionary<string, SqsMessageAttribute>());
        return Enqueue(Get(queueNameOrArnOrUrl), message, AccountId).MessageId;
    }

    /// <summary>Visible, in-flight and delayed message counts of a queue (name, ARN or URL).</summary>
    public SqsQueueSnapshot Snapshot(string queueName) => Get(queueName).Snapshot(Time.GetUtcNow());

    internal SqsQueue Get(string queueNameOrArnOrUrl) =>
        queues.TryGetValue(SqsQueueAddress.NameOf(queueNameOrArnOrUrl), out var queue) ? queue : throw SqsErrors.QueueDoesNotExist();

    internal SqsQueue? FindByArn(string arn) =>
        arn.StartsWith($"arn:aws:sqs:{Region}:{AccountId}:", StringComparison.Ordinal) && queues.TryGetValue(SqsQueueAddress.NameOf(arn), out var queue)
            ? queue
            : null;

    internal IEnumerable<SqsQueue> List(string? prefix) =>
        queues.Values.Where(q => prefix is null || q.Name.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(q => q.Name, StringComparer.Ordinal);

    internal SqsQueue CreateOrGet(string name, IReadOnlyDictionary<string, string> attributes, IReadOnlyDictionary<string, string> tags)
    {
        SqsQueueAddress.ValidateNewName(name);
        var settings = SqsQueueSettings.Default.With(attributes);
        CheckDeadLetterTarget(settings);
        lock (createGate)
        {
            if (queues.TryGetValue(name, out var existing))
            {
                return existing.Settings.Matches(attributes) ? existing : throw SqsErrors.QueueNameExists(name);
            }

            var queue = new SqsQueue(name, QueueArn(name), settings, tags, Time.GetUtcNow());
            queues[name] = queue;
            return queue;
        }
    }

    internal void SetAttributes(SqsQueue queue, IReadOnlyDictionary<string, string> attributes)
    {
        var settings = queue.Settings.With(attributes);
        CheckDeadLetterTarget(settings);
        queue.Update(settings, Time.GetUtcNow());
    }

    internal void Delete(SqsQueue queue)
    {
        lock (createGate)
        {
            queues.TryRemove(new KeyValuePair<string, SqsQueue>(queue.Name, queue));
        }

        queue.MarkDeleted();
    }

    internal SqsMessage Enqueue(SqsQueue queue, SqsOutgoingMessage outgoing, string senderId)
    {
        var settings = queue.Settings;
        SqsMessageValidation.Validate(outgoing, settings);
        var now = Time.GetUtcNow();
        var message = new SqsMessage
        {
            MessageId = Guid.NewGuid().ToString(),
            Body = outgoing.Body!,
            Md5OfBody = SqsMd5.OfBody(outgoing.Body!),
            Attributes = outgoing.Attributes,
            SystemAttributes = outgoing.SystemAttributes,
            SenderId = senderId,
            SentAt = now,
            VisibleAt = now + TimeSpan.FromSeconds(outgoing.DelaySeconds ?? settings.DelaySeconds),
        };
        queue.Add(message, now);
        return message;
    }

    /// <summary>
    /// Receives, long-polling up to the wait time. Sleeps until a message arrives (the queue signals) or the next
    /// delayed/in-flight message becomes visible, never in a busy loop; honours <paramref name="cancellationToken"/>.
    /// </summary>
    internal async Task<IReadOnlyList<SqsDelivery>> ReceiveAsync(SqsQueue queue, SqsReceiveRequest request, CancellationToken cancellationToken)
    {
        var wait = request.WaitTime ?? TimeSpan.FromSeconds(queue.Settings.ReceiveMessageWaitTimeSeconds);
        var deadline = Time.GetUtcNow() + wait;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = Time.GetUtcNow();
            var settings = queue.Settings;
            var visibility = request.VisibilityTimeout ?? TimeSpan.FromSeconds(settings.VisibilityTimeout);
            var deadLetterQueue = settings.RedrivePolicy is { } redrive ? FindByArn(redrive.DeadLetterTargetArn) : null;
            var take = queue.TryTake(request.MaxNumberOfMessages, visibility, deadLetterQueue is null ? null : settings.RedrivePolicy!.MaxReceiveCount, now);

            // Moved outside the source queue's lock so two queues never lock each other.
            foreach (var deadLetter in take.DeadLetters)
            {
                deadLetterQueue!.Add(deadLetter.MovedFrom(queue.Arn, now), now);
            }

            if (take.Delivered.Count > 0 || now >= deadline || queue.IsDeleted)
            {
                return take.Delivered;
            }

            var wakeAt = take.NextDue is { } due && due < deadline ? due : deadline;
            await queue.WaitAsync(take.Arrivals, wakeAt - now, Time, cancellationToken);
        }
    }

    private void CheckDeadLetterTarget(SqsQueueSettings settings)
    {
        if (settings.RedrivePolicy is { } redrive && FindByArn(redrive.DeadLetterTargetArn) is null)
        {
            throw SqsErrors.InvalidParameterValue("RedrivePolicy", redrive.ToString(), "Dead letter target does not exist.");
        }
    }
}

/// <summary>ReceiveMessage's knobs; nulls fall back to the queue's attributes.</summary>
internal sealed record SqsReceiveRequest(int MaxNumberOfMessages, TimeSpan? VisibilityTimeout, TimeSpan? WaitTime);

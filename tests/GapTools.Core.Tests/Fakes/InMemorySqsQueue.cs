using System.Collections.Concurrent;
using System.Globalization;
using GapTools.Workers.Sqs;

namespace GapTools.Core.Tests.Fakes;

/// <summary>
/// An SQS queue in memory with SQS's visibility semantics on a <see cref="ManualTimeProvider"/>: a received message
/// is invisible until its visibility timeout passes, each receive issues a new receipt handle, and only the latest
/// handle deletes or changes visibility. Records every call and can inject faults.
/// </summary>
public sealed class InMemorySqsQueue(ManualTimeProvider time, string queueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/source") : ISqsQueue
{
    private readonly Lock _gate = new();
    private readonly List<Stored> _messages = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextId;

    public string QueueUrl => queueUrl;

    public ConcurrentQueue<int> ReceiveRequests { get; } = new();

    public ConcurrentQueue<int> DeleteBatches { get; } = new();

    public ConcurrentQueue<(int Count, TimeSpan Visibility)> VisibilityBatches { get; } = new();

    public ConcurrentQueue<(string Body, IReadOnlyDictionary<string, string> Attributes)> Sent { get; } = new();

    /// <summary>Thrown by the next receives, one per call.</summary>
    public ConcurrentQueue<Exception> ReceiveErrors { get; } = new();

    /// <summary>Consulted per delete entry; a failure returned here is reported instead of deleting.</summary>
    public Func<SqsMessage, SqsBatchFailure?>? DeleteFault { get; set; }

    /// <summary>When set, delete calls wait for it (lets completions pile up).</summary>
    public TaskCompletionSource? HoldDeletes { get; set; }

    /// <summary>Stored messages not yet deleted.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _messages.Count;
            }
        }
    }

    public string Send(string body, IReadOnlyDictionary<string, string>? attributes = null)
    {
        string id;
        lock (_gate)
        {
            id = $"m-{++_nextId}";
            _messages.Add(new Stored(id, body, attributes ?? new Dictionary<string, string>(), time.GetUtcNow()));
        }

        Signal();
        return id;
    }

    public bool Contains(string messageId)
    {
        lock (_gate)
        {
            return _messages.Any(m => m.Id == messageId);
        }
    }

    public bool IsVisible(string messageId)
    {
        lock (_gate)
        {
            return _messages.Single(m => m.Id == messageId).VisibleAt <= time.GetUtcNow();
        }
    }

    public DateTimeOffset VisibleAt(string messageId)
    {
        lock (_gate)
        {
            return _messages.Single(m => m.Id == messageId).VisibleAt;
        }
    }

    public async Task<IReadOnlyList<SqsMessage>> ReceiveAsync(int maxMessages, TimeSpan waitTime, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        // Only calls that could reach SQS are recorded.
        cancellationToken.ThrowIfCancellationRequested();
        ReceiveRequests.Enqueue(maxMessages);
        if (ReceiveErrors.TryDequeue(out var error))
        {
            throw error;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 10);
        var deadline = time.GetUtcNow() + waitTime;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Task changed;
            TimeSpan wake;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                var visible = _messages.Where(m => m.VisibleAt <= now).Take(maxMessages).ToList();
                if (visible.Count > 0)
                {
                    return visible.Select(m => m.Receive(now, visibilityTimeout)).ToList();
                }

                if (now >= deadline)
                {
                    return [];
                }

                var nextVisible = _messages.Select(m => m.VisibleAt).Where(v => v > now).DefaultIfEmpty(deadline).Min();
                wake = (nextVisible < deadline ? nextVisible : deadline) - now;
                changed = _changed.Task;
            }

            // Long poll: wait for a send/visibility change, a message turning visible, or the wait time (fake clock).
            using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = Task.Delay(wake, time, stopTimer.Token);
            await Task.WhenAny(changed, timer);
            await stopTimer.CancelAsync();
        }
    }

    public async Task<IReadOnlyList<SqsBatchFailure>> DeleteBatchAsync(IReadOnlyList<SqsMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messages.Count, 10, "entries (TooManyEntriesInBatchRequest)");
        DeleteBatches.Enqueue(messages.Count);
        if (HoldDeletes is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        var failures = new List<SqsBatchFailure>();
        lock (_gate)
        {
            foreach (var message in messages)
            {
                if (DeleteFault?.Invoke(message) is { } fault)
                {
                    failures.Add(fault);
                    continue;
                }

                var stored = _messages.FirstOrDefault(m => m.Id == message.MessageId && m.ReceiptHandle == message.ReceiptHandle);
                if (stored is null)
                {
                    failures.Add(new SqsBatchFailure(message, "ReceiptHandleIsInvalid", true, "stale or unknown receipt handle"));
                }
                else
                {
                    _messages.Remove(stored);
                }
            }
        }

        return failures;
    }

    public Task<IReadOnlyList<SqsBatchFailure>> ChangeVisibilityBatchAsync(IReadOnlyList<SqsMessage> messages, TimeSpan visibility, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messages.Count, 10, "entries (TooManyEntriesInBatchRequest)");
        VisibilityBatches.Enqueue((messages.Count, visibility));
        var failures = new List<SqsBatchFailure>();
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var message in messages)
            {
                var stored = _messages.FirstOrDefault(m => m.Id == message.MessageId && m.ReceiptHandle == message.ReceiptHandle);
                if (stored is null || stored.VisibleAt <= now)
                {
                    failures.Add(new SqsBatchFailure(message, stored is null ? "ReceiptHandleIsInvalid" : "MessageNotInflight", true, null));
                }
                else
                {
                    stored.VisibleAt = now + visibility;
                }
            }
        }

        Signal();
        return Task.FromResult<IReadOnlyList<SqsBatchFailure>>(failures);
    }

    public Task SendAsync(string body, IReadOnlyDictionary<string, string>? attributes, CancellationToken cancellationToken)
    {
        Sent.Enqueue((body, attributes ?? new Dictionary<string, string>()));
        Send(body, attributes);
        return Task.CompletedTask;
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private sealed class Stored(string id, string body, IReadOnlyDictionary<string, string> attributes, DateTimeOffset sentAt)
    {
        private readonly DateTimeOffset _sent = sentAt;
        private int _receiveCount;

        public string Id => id;

        public DateTimeOffset VisibleAt { get; set; } = sentAt;

        public string? ReceiptHandle { get; private set; }

        public SqsMessage Receive(DateTimeOffset now, TimeSpan visibilityTimeout)
        {
            _receiveCount++;
            VisibleAt = now + visibilityTimeout;
            ReceiptHandle = $"{id}-r{_receiveCount.ToString(CultureInfo.InvariantCulture)}";
            return new SqsMessage(id, ReceiptHandle, body, _receiveCount, _sent, attributes);
        }
    }
}

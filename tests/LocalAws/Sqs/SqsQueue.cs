namespace GapTools.LocalAws.Sqs;

/// <summary>
/// One standard queue: messages in arrival order plus their delivery state. Every state change happens under one
/// lock, so a message is never handed to two receivers within its visibility window. Long-polling receivers wait
/// on <see cref="TakeResult.Arrivals"/>, which completes whenever a message may have become receivable.
/// </summary>
internal sealed class SqsQueue
{
    private readonly Lock gate = new();
    private readonly LinkedList<SqsMessage> messages = new();
    private readonly Dictionary<string, LinkedListNode<SqsMessage>> byId = new(StringComparer.Ordinal);
    private TaskCompletionSource arrivals = NewSignal();
    private SqsQueueSettings settings;
    private DateTimeOffset lastModifiedAt;
    private volatile bool deleted;
    private int waiters;

    public SqsQueue(string name, string arn, SqsQueueSettings settings, IReadOnlyDictionary<string, string> tags, DateTimeOffset createdAt)
    {
        Name = name;
        Arn = arn;
        Tags = tags;
        CreatedAt = createdAt;
        this.settings = settings;
        lastModifiedAt = createdAt;
    }

    public string Name { get; }

    public string Arn { get; }

    public IReadOnlyDictionary<string, string> Tags { get; }

    public DateTimeOffset CreatedAt { get; }

    public SqsQueueSettings Settings
    {
        get
        {
            lock (gate)
            {
                return settings;
            }
        }
    }

    public DateTimeOffset LastModifiedAt
    {
        get
        {
            lock (gate)
            {
                return lastModifiedAt;
            }
        }
    }

    public bool IsDeleted => deleted;

    /// <summary>Receivers currently parked in a long poll (tests wait for this before sending).</summary>
    public int Waiters => Volatile.Read(ref waiters);

    /// <summary>Parks a long poll until a message may be receivable, <paramref name="timeout"/> passes, or cancellation.</summary>
    public async Task WaitAsync(Task arrivals, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref waiters);
        try
        {
            using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = Task.Delay(timeout, time, stopTimer.Token);
            await Task.WhenAny(arrivals, timer);
            await stopTimer.CancelAsync();
        }
        finally
        {
            Interlocked.Decrement(ref waiters);
        }
    }

    public void Update(SqsQueueSettings newSettings, DateTimeOffset now)
    {
        lock (gate)
        {
            settings = newSettings;
            lastModifiedAt = now;
            Signal();
        }
    }

    public void Add(SqsMessage message, DateTimeOffset now)
    {
        lock (gate)
        {
            byId[message.MessageId] = messages.AddLast(message);
            if (message.VisibleAt <= now)
            {
                Signal();
            }
        }
    }

    /// <summary>
    /// Hands out up to <paramref name="max"/> visible messages, each with a fresh receipt handle. Messages whose
    /// next receive would exceed <paramref name="maxReceiveCount"/> are removed and returned as dead letters instead.
    /// </summary>
    public TakeResult TryTake(int max, TimeSpan visibility, int? maxReceiveCount, DateTimeOffset now)
    {
        var delivered = new List<SqsDelivery>();
        var deadLetters = new List<SqsMessage>();
        DateTimeOffset? nextDue = null;
        lock (gate)
        {
            var retention = TimeSpan.FromSeconds(settings.MessageRetentionPeriod);
            for (var node = messages.First; node is not null && delivered.Count < max;)
            {
                var next = node.Next;
                var message = node.Value;
                if (message.SentAt + retention <= now)
                {
                    Remove(node);
                }
                else if (message.VisibleAt > now)
                {
                    nextDue = nextDue is { } due && due <= message.VisibleAt ? due : message.VisibleAt;
                }
                else if (maxReceiveCount is { } limit && message.ReceiveCount >= limit)
                {
                    Remove(node);
                    deadLetters.Add(message);
                }
                else
                {
                    delivered.Add(Deliver(message, visibility, now));
                }

                node = next;
            }

            return new TakeResult(delivered, deadLetters, nextDue, arrivals.Task);
        }
    }

    /// <summary>Deletes the message if the handle is its latest receive; an older handle is ignored, as on AWS.</summary>
    public bool Delete(SqsReceiptHandle handle)
    {
        lock (gate)
        {
            if (!byId.TryGetValue(handle.MessageId, out var node) || node.Value.ReceiveId != handle.ReceiveId)
            {
                return false;
            }

            Remove(node);
            return true;
        }
    }

    public void ChangeVisibility(SqsReceiptHandle handle, string rawHandle, TimeSpan timeout, DateTimeOffset now)
    {
        lock (gate)
        {
            if (!byId.TryGetValue(handle.MessageId, out var node) || node.Value.ReceiveId != handle.ReceiveId)
            {
                throw SqsErrors.ReceiptHandleNotAvailable(rawHandle);
            }

            var message = node.Value;
            if (message.VisibleAt <= now)
            {
                throw SqsErrors.MessageNotInflight();
            }

            // AWS caps a message's total invisibility at 12 hours from the receive that issued the handle.
            if (now - message.ReceivedAt + timeout > TimeSpan.FromSeconds(SqsDefaults.MaxVisibilityTimeoutSeconds))
            {
                throw SqsErrors.InvalidParameterValue(
                    "VisibilityTimeout", ((int)timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"Total VisibilityTimeout for the message is beyond the limit [{SqsDefaults.MaxVisibilityTimeoutSeconds} seconds]");
            }

            message.VisibleAt = now + timeout;
            if (timeout == TimeSpan.Zero)
            {
                Signal();
            }
        }
    }

    public int Purge()
    {
        lock (gate)
        {
            var count = messages.Count;
            messages.Clear();
            byId.Clear();
            return count;
        }
    }

    public void MarkDeleted()
    {
        lock (gate)
        {
            deleted = true;
            messages.Clear();
            byId.Clear();
            Signal();
        }
    }

    public SqsQueueSnapshot Snapshot(DateTimeOffset now)
    {
        lock (gate)
        {
            var retention = TimeSpan.FromSeconds(settings.MessageRetentionPeriod);
            int visible = 0, inFlight = 0, delayed = 0;
            foreach (var message in messages)
            {
                if (message.SentAt + retention <= now)
                {
                    continue;
                }

                if (message.VisibleAt <= now)
                {
                    visible++;
                }
                else if (message.ReceiveCount > 0)
                {
                    inFlight++;
                }
                else
                {
                    delayed++;
                }
            }

            return new SqsQueueSnapshot(visible, inFlight, delayed);
        }
    }

    private SqsDelivery Deliver(SqsMessage message, TimeSpan visibility, DateTimeOffset now)
    {
        message.ReceiveCount++;
        message.FirstReceivedAt ??= now;
        message.ReceiveId = Guid.NewGuid().ToString("N");
        message.ReceivedAt = now;
        message.VisibleAt = now + visibility;
        var handle = new SqsReceiptHandle(Name, message.MessageId, message.ReceiveId).ToString();
        return new SqsDelivery(message, handle, message.ReceiveCount, message.FirstReceivedAt.Value);
    }

    private void Remove(LinkedListNode<SqsMessage> node)
    {
        messages.Remove(node);
        byId.Remove(node.Value.MessageId);
    }

    // Wakes every waiting long poll; they race for the lock and re-check. Continuations run off this thread.
    private void Signal()
    {
        var fired = arrivals;
        arrivals = NewSignal();
        fired.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>One attempt to receive: what was delivered, what must move to the DLQ, and when to look again.</summary>
internal sealed record TakeResult(IReadOnlyList<SqsDelivery> Delivered, IReadOnlyList<SqsMessage> DeadLetters, DateTimeOffset? NextDue, Task Arrivals);

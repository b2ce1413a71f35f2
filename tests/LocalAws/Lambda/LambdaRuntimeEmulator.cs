using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;

namespace GapTools.LocalAws.Lambda;

/// <summary>
/// The Lambda Runtime API (<c>/2018-06-01/runtime/…</c>) of one function on the server's port, so a real custom-runtime
/// <c>bootstrap</c> started with <c>AWS_LAMBDA_RUNTIME_API=</c><see cref="LocalAwsServer.RuntimeApiAddress"/> can be
/// invoked. Invocations are served first in, first out to the runtime's <c>/next</c> long polls; any number may be
/// queued at once.
/// </summary>
public sealed class LambdaRuntimeEmulator
{
    /// <summary>The timeout of <see cref="InvokeAsync"/> when none is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long past its deadline <see cref="InvokeAsync"/> still waits for an answer before giving up.</summary>
    public static readonly TimeSpan AnswerGrace = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private readonly LinkedList<LambdaInvocation> queued = new();
    private readonly LinkedList<TaskCompletionSource<LambdaInvocation>> waiters = new();
    private readonly ConcurrentDictionary<string, LambdaInvocation> inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<LambdaInvocationResult> lateAnswers = new();
    private readonly TaskCompletionSource<LambdaInitError> initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<DateTimeOffset> firstNextRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider time;
    private readonly string region;
    private readonly string accountId;
    private readonly CancellationToken stopping;
    private int nextRequests;
    private volatile string functionName = "gaptools-test";

    internal LambdaRuntimeEmulator(TimeProvider time, string region, string accountId, CancellationToken stopping)
    {
        this.time = time;
        this.region = region;
        this.accountId = accountId;
        this.stopping = stopping;
    }

    /// <summary>Completes when the runtime posts <c>/runtime/init/error</c> (the first one, if it posts more).</summary>
    public Task<LambdaInitError> InitError => initError.Task;

    /// <summary>How many <c>/next</c> requests arrived.</summary>
    public int NextRequests => Volatile.Read(ref nextRequests);

    /// <summary>When the first <c>/next</c> request arrived (the end of a cold start).</summary>
    public Task<DateTimeOffset> FirstNextRequest => firstNextRequest.Task;

    /// <summary>The function in <c>Lambda-Runtime-Invoked-Function-Arn</c>; read when an invocation is queued.</summary>
    public string FunctionName
    {
        get => functionName;
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            functionName = value;
        }
    }

    /// <summary>
    /// Answers that arrived after <see cref="InvokeAsync"/> had stopped waiting (it timed out or was cancelled), in
    /// arrival order, each with <see cref="LambdaInvocationResult.TimedOut"/> set if it was past its deadline.
    /// </summary>
    public IReadOnlyList<LambdaInvocationResult> LateAnswers => [.. lateAnswers];

    /// <summary>
    /// Queues one invocation and waits for the runtime's answer (<c>/response</c> or <c>/error</c>). The runtime's deadline
    /// is now + <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>); with no answer by the deadline plus
    /// <see cref="AnswerGrace"/> the result has <see cref="LambdaInvocationResult.TimedOut"/> set (and an invocation no
    /// runtime fetched is withdrawn). An init error fails the invocations queued or running at that moment. Cancelling,
    /// or stopping the server, withdraws a queued invocation and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<LambdaInvocationResult> InvokeAsync(string payload, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var limit = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(timeout));

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        // Whole milliseconds, as Lambda-Runtime-Deadline-Ms carries it, so the result's Deadline is what the runtime saw.
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds((time.GetUtcNow() + limit).ToUnixTimeMilliseconds());
        var invocation = new LambdaInvocation(Guid.NewGuid().ToString("D"), payload, deadline, FunctionArn(), NewTraceId());
        // Armed before the invocation is visible, so a test's manual clock sees the timer as soon as this returns.
        var expiry = Task.Delay(limit + AnswerGrace, time, cancel.Token);
        Enqueue(invocation);

        await Task.WhenAny(invocation.Answer.Task, expiry);
        if (!invocation.Answer.Task.IsCompleted)
        {
            if (expiry.IsCompletedSuccessfully)
            {
                Withdraw(invocation);
                invocation.Answer.TrySetResult(TimedOutResult(invocation, limit));
            }
            else
            {
                Withdraw(invocation);
                invocation.Answer.TrySetCanceled(cancel.Token);
            }
        }

        await cancel.CancelAsync();   // stop the timer when the answer came first
        return await invocation.Answer.Task;
    }

    /// <summary>The runtime's <c>GET /next</c>: the oldest queued invocation, waiting for one if there is none.</summary>
    internal async Task<LambdaInvocation> NextAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref nextRequests) == 1)
        {
            firstNextRequest.TrySetResult(time.GetUtcNow());
        }

        TaskCompletionSource<LambdaInvocation> waiter;
        LinkedListNode<TaskCompletionSource<LambdaInvocation>> node;
        lock (gate)
        {
            if (queued.First is { } first)
            {
                queued.RemoveFirst();
                inFlight[first.Value.RequestId] = first.Value;
                return first.Value;
            }

            waiter = new TaskCompletionSource<LambdaInvocation>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = waiters.AddLast(waiter);
        }

        await using var registration = cancellationToken.Register(() =>
        {
            lock (gate)
            {
                // Under the gate: Enqueue either handed this waiter an invocation already, or never will.
                if (waiter.TrySetCanceled(cancellationToken))
                {
                    waiters.Remove(node);
                }
            }
        });
        return await waiter.Task;
    }

    /// <summary>An invocation <c>/next</c> took but could not deliver goes back to the head of the queue.</summary>
    internal void Requeue(LambdaInvocation invocation)
    {
        lock (gate)
        {
            if (!inFlight.TryRemove(invocation.RequestId, out _) || invocation.Answer.Task.IsCompleted)
            {
                return;
            }

            if (!HandToWaiter(invocation))
            {
                queued.AddFirst(invocation);
            }
        }
    }

    /// <summary>The runtime's <c>/response</c> or <c>/error</c>; false for an id that is not running (unknown, queued, or answered).</summary>
    internal bool TryAnswer(string requestId, bool isError, string body, string? errorType)
    {
        if (!inFlight.TryRemove(requestId, out var invocation))
        {
            return false;
        }

        var result = new LambdaInvocationResult(requestId, invocation.Deadline, isError, body, errorType, TimedOut: time.GetUtcNow() > invocation.Deadline);
        if (!invocation.Answer.TrySetResult(result))
        {
            lateAnswers.Enqueue(result);
        }

        return true;
    }

    /// <summary>The runtime's <c>/init/error</c>: recorded, and the invocations queued or running now fail with it.</summary>
    internal void RecordInitError(LambdaInitError error)
    {
        initError.TrySetResult(error);
        List<LambdaInvocation> failed;
        lock (gate)
        {
            failed = [.. queued];
            queued.Clear();
            foreach (var id in inFlight.Keys)
            {
                if (inFlight.TryRemove(id, out var running))
                {
                    failed.Add(running);
                }
            }
        }

        foreach (var invocation in failed)
        {
            invocation.Answer.TrySetResult(new LambdaInvocationResult(
                invocation.RequestId, invocation.Deadline, IsError: true, error.Body, error.ErrorType, TimedOut: false));
        }
    }

    private void Enqueue(LambdaInvocation invocation)
    {
        lock (gate)
        {
            if (!HandToWaiter(invocation))
            {
                queued.AddLast(invocation);
            }
        }
    }

    // Caller holds the gate. In flight before the waiter wakes, so a fast runtime's answer finds it.
    private bool HandToWaiter(LambdaInvocation invocation)
    {
        while (waiters.First is { } node)
        {
            waiters.RemoveFirst();
            inFlight[invocation.RequestId] = invocation;
            if (node.Value.TrySetResult(invocation))
            {
                return true;
            }

            inFlight.TryRemove(invocation.RequestId, out _);
        }

        return false;
    }

    /// <summary>A queued invocation nobody waits for any more is never handed out; a running one stays answerable.</summary>
    private void Withdraw(LambdaInvocation invocation)
    {
        lock (gate)
        {
            queued.Remove(invocation);
        }
    }

    private static LambdaInvocationResult TimedOutResult(LambdaInvocation invocation, TimeSpan limit) => new(
        invocation.RequestId,
        invocation.Deadline,
        IsError: true,
        LambdaJson.Error("Sandbox.Timedout", string.Create(CultureInfo.InvariantCulture,
            $"RequestId: {invocation.RequestId} Error: Task timed out after {limit.TotalSeconds:0.00} seconds")),
        "Sandbox.Timedout",
        TimedOut: true);

    private string FunctionArn() => $"arn:aws:lambda:{region}:{accountId}:function:{functionName}";

    // X-Ray's format: Root=1-<epoch seconds, 8 hex>-<96 random bits>;Parent=<64 random bits>;Sampled=1
    private string NewTraceId() => string.Create(CultureInfo.InvariantCulture,
        $"Root=1-{time.GetUtcNow().ToUnixTimeSeconds():x8}-{RandomNumberGenerator.GetHexString(24, lowercase: true)};Parent={RandomNumberGenerator.GetHexString(16, lowercase: true)};Sampled=1");
}

using System.Collections.Concurrent;
using GapTools.Workers.Sqs;

namespace GapTools.Core.Tests.Fakes;

/// <summary>A handler whose behaviour each test scripts; records what it saw and how many ran at once.</summary>
public sealed class ScriptedHandler(Func<SqsMessage, CancellationToken, Task<MessageDisposition>> handle) : ISqsMessageHandler
{
    private int _running;
    private int _maxRunning;

    public ScriptedHandler(MessageDisposition always)
        : this((_, _) => Task.FromResult(always))
    {
    }

    public ConcurrentQueue<SqsMessage> Started { get; } = new();

    public int MaxConcurrent => Volatile.Read(ref _maxRunning);

    public async Task<MessageDisposition> HandleAsync(SqsMessage message, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        Started.Enqueue(message);
        try
        {
            return await handle(message, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

using GapTools.S3ToRedshift.Sink;
using GapTools.S3ToRedshift.Tests.EndToEnd;
using GapTools.S3ToRedshift.Tests.Fakes;

namespace GapTools.S3ToRedshift.Tests.Sink;

public sealed class ClusterAvailabilityTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly ListLoggerProvider _logs = new();
    private readonly Queue<string> _statuses = new();
    private int _calls;

    public void Dispose() => _logs.Dispose();

    private ClusterAvailability Create() => new("analytics", _ =>
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(_statuses.Count > 1 ? _statuses.Dequeue() : _statuses.Peek());
    }, _time, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(8), _logs.For<ClusterAvailability>());

    [Fact]
    public async Task Unavailable_closes_the_receive_gate_polls_with_backoff_and_reopens_once_available()
    {
        foreach (var status in new[] { "modifying", "modifying", "modifying", "available" })
        {
            _statuses.Enqueue(status);
        }

        var cluster = Create();
        var waiting = cluster.WaitUntilAvailableAsync(TestContext.Current.CancellationToken).AsTask();
        await Eventually.TrueAsync(() => cluster.IsPaused);
        var gate = cluster.WaitUntilOpenAsync(TestContext.Current.CancellationToken).AsTask();
        Assert.False(gate.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => Volatile.Read(ref _calls) == 2);
        _time.Advance(TimeSpan.FromSeconds(8)); // 10 s capped at 8
        await Eventually.TrueAsync(() => Volatile.Read(ref _calls) == 3);
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(8));
        await waiting;
        await gate;

        Assert.False(cluster.IsPaused);
        Assert.Single(_logs.Lines, l => l.Contains("is modifying: receiving paused", StringComparison.Ordinal));
        Assert.Single(_logs.Lines, l => l.Contains("receiving resumed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_recent_answer_is_reused_until_a_connection_fails()
    {
        _statuses.Enqueue("available");
        var cluster = Create();
        await cluster.WaitUntilAvailableAsync(TestContext.Current.CancellationToken);
        await cluster.WaitUntilAvailableAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, _calls);
        cluster.ConnectionFailed();
        await cluster.WaitUntilAvailableAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, _calls);
        _time.Advance(TimeSpan.FromSeconds(11));
        await cluster.WaitUntilAvailableAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, _calls);
    }

    [Fact]
    public async Task An_unreadable_status_does_not_block_loads()
    {
        var cluster = new ClusterAvailability("analytics", _ => throw new HttpRequestException("AccessDenied"), _time,
            TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), _logs.For<ClusterAvailability>());
        await cluster.WaitUntilAvailableAsync(TestContext.Current.CancellationToken);
        Assert.Contains(_logs.Lines, l => l.Contains("loading anyway", StringComparison.Ordinal));
    }
}

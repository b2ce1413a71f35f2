using System.Diagnostics;
using System.Net.Sockets;
using GapTools.Core.Resilience;
using GapTools.Workers.Outage;
using Polly;

namespace GapTools.Core.Tests.Outage;

/// <summary>The sink's health gating the source, on the real clock with short delays (Polly's breaker reads the clock too).</summary>
public sealed class SinkOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SinkOutage Outage(TimeSpan? maxHold = null) => new("TestSink", new SinkOutageOptions
    {
        MaxHold = maxHold ?? TimeSpan.FromSeconds(30),
        ProbeDelay = TimeSpan.FromMilliseconds(10),
        MaxProbeDelay = TimeSpan.FromMilliseconds(40),
        MinReleaseDelay = TimeSpan.FromSeconds(30),
        MaxReleaseDelay = TimeSpan.FromMinutes(15),
    }, new ResilienceInputs());

    private static SocketException Refused() => new((int)SocketError.ConnectionRefused);

    [Fact]
    public async Task A_call_is_held_through_an_outage_and_answers_when_the_sink_does()
    {
        var outage = Outage();
        var calls = 0;
        var sawUnavailable = false;

        var result = await outage.ExecuteAsync(ResiliencePipeline.Empty, _ =>
        {
            sawUnavailable |= outage.IsUnavailable;
            return ++calls < 6 ? throw Refused() : ValueTask.FromResult("loaded");
        }, Ct);

        Assert.Equal("loaded", result);
        Assert.True(calls >= 6);
        Assert.True(sawUnavailable, "two failed calls open the circuit");
        Assert.False(outage.IsUnavailable);
        Assert.Equal(TimeSpan.Zero, outage.Outage);
    }

    [Fact]
    public async Task A_permanent_error_is_not_held()
    {
        var outage = Outage();
        var calls = 0;

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => outage.ExecuteAsync<int>(ResiliencePipeline.Empty, _ =>
        {
            calls++;
            throw new UnauthorizedAccessException("permission denied");
        }, Ct));

        Assert.Equal(1, calls);
        Assert.False(outage.IsUnavailable);
    }

    [Fact]
    public async Task After_the_hold_the_work_is_released_with_a_delay_never_at_once()
    {
        var maxHold = TimeSpan.FromMilliseconds(300);
        var outage = Outage(maxHold);
        var holdStarted = Stopwatch.GetTimestamp();
        var calls = 0;
        long secondCall = 0;

        var error = await Assert.ThrowsAsync<SinkUnavailableException>(() => outage.ExecuteAsync<int>(ResiliencePipeline.Empty, _ =>
        {
            if (++calls == 2)
            {
                secondCall = Stopwatch.GetTimestamp();
            }

            throw Refused();
        }, Ct));

        Assert.Equal("TestSink", error.Sink);
        Assert.InRange(error.ReleaseDelay, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15));
        // The hold runs from the call, the outage from its first failure (before the second call): on a busy machine
        // the first call (the breaker's first use) can take a good part of the hold, and the outage is the hold less that.
        Assert.True(calls >= 2, $"{calls} calls");
        var beforeSecondCall = Stopwatch.GetElapsedTime(holdStarted, secondCall);
        Assert.True(error.Outage >= maxHold - beforeSecondCall, $"outage {error.Outage}, second call after {beforeSecondCall}");
        Assert.True(outage.IsUnavailable);
    }

    [Fact]
    public async Task Receiving_waits_while_held_work_probes_and_resumes_when_the_sink_answers()
    {
        var outage = Outage();
        var sinkUp = false;
        var held = outage.ExecuteAsync(ResiliencePipeline.Empty, _ => Volatile.Read(ref sinkUp) ? ValueTask.FromResult(1) : throw Refused(), Ct);
        while (!outage.IsUnavailable)
        {
            await Task.Delay(5, Ct);
        }

        var receive = outage.WaitUntilOpenAsync(Ct).AsTask();
        await Task.Delay(300, Ct);
        Assert.False(receive.IsCompleted, "no receive while the sink is down and held work is probing");

        Volatile.Write(ref sinkUp, true);
        Assert.Equal(1, await held.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        await receive.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public void Bad_settings_are_named_by_key()
    {
        var problems = new SinkOutageOptions { ProbeDelay = TimeSpan.Zero, MinReleaseDelay = TimeSpan.FromHours(1), MaxReleaseDelay = TimeSpan.FromMinutes(1) }
            .Problems("Tool:SinkOutage").ToList();

        Assert.Contains(problems, p => p.StartsWith("Tool:SinkOutage:ProbeDelay", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Tool:SinkOutage:MinReleaseDelay", StringComparison.Ordinal));
    }
}

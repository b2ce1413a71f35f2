using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GapTools.Workers.Sqs;
using GapTools.Core.Tests.Fakes;

namespace GapTools.Core.Tests.Sqs;

public sealed partial class SqsConsumerTests
{
    [Fact]
    public async Task Counts_are_reported_to_the_gaptools_sqs_meter_per_queue()
    {
        var queue = new InMemorySqsQueue(_time, "https://sqs.us-east-1.amazonaws.com/123456789012/metrics-probe");
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SqsConsumer.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "queue", Value: "metrics-probe" })
                {
                    totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
                }
            }
        });
        listener.Start();
        queue.Send("ok");
        queue.Send("bad");
        var handler = new ScriptedHandler((m, _) => m.Body == "ok"
            ? Task.FromResult(MessageDisposition.Delete)
            : throw new InvalidOperationException("boom"));

        var run = Task.Run(() => new SqsConsumer(queue, handler, Options(), _time, _logger).RunAsync(_stop.Token));
        await Eventually.True(() => totals.GetValueOrDefault("gaptools.sqs.messages.retried_later") == 1 && queue.DeleteBatches.Sum() == 1, "both are settled");
        await StopAsync(run);

        Assert.Equal(2, totals["gaptools.sqs.messages.received"]);
        Assert.Equal(1, totals["gaptools.sqs.messages.deleted"]);
        Assert.Equal(1, totals["gaptools.sqs.handler.failures"]);
        Assert.Equal(0, totals["gaptools.sqs.messages.in_flight"]);
    }

    [Fact]
    public async Task Receive_concurrency_runs_parallel_long_polls()
    {
        var run = Start(Consumer(new ScriptedHandler(MessageDisposition.Delete), Options() with { ReceiveConcurrency = 3 }));

        await Eventually.True(() => _queue.ReceiveRequests.Count == 3, "three long polls are open at once");

        // Each asks for its share of the 10 in-flight slots.
        Assert.Equal([3, 3, 3], _queue.ReceiveRequests);

        await StopAsync(run);
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GapTools.Workers.Sqs;

/// <summary>Instruments of the <c>GapTools.Sqs</c> meter, tagged with the queue name.</summary>
internal sealed class SqsConsumerMetrics(string queueName)
{
    private static readonly Meter Meter = new(SqsConsumer.MeterName);
    private static readonly Counter<long> Received = Meter.CreateCounter<long>("gaptools.sqs.messages.received", "{message}", "Messages received.");
    private static readonly Counter<long> Deleted = Meter.CreateCounter<long>("gaptools.sqs.messages.deleted", "{message}", "Messages deleted after processing.");
    private static readonly Counter<long> Released = Meter.CreateCounter<long>("gaptools.sqs.messages.released", "{message}", "Messages made visible again at once.");
    private static readonly Counter<long> RetriedLater = Meter.CreateCounter<long>("gaptools.sqs.messages.retried_later", "{message}", "Messages made visible again after a delay.");
    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("gaptools.sqs.messages.dead_lettered", "{message}", "Messages forwarded to the dead-letter queue.");
    private static readonly Counter<long> HandlerFailures = Meter.CreateCounter<long>("gaptools.sqs.handler.failures", "{message}", "Handler calls that threw.");
    private static readonly Counter<long> AckFailures = Meter.CreateCounter<long>("gaptools.sqs.acknowledgement.failures", "{message}", "Deletes or visibility changes that failed for good.");
    private static readonly Counter<long> ReceiveErrors = Meter.CreateCounter<long>("gaptools.sqs.receive.errors", "{error}", "Failed receive calls.");
    private static readonly Histogram<double> Settlement = Meter.CreateHistogram<double>("gaptools.sqs.message.settle_duration", "s", "Seconds from receiving a message to its outcome (deleted, released, delayed or dead-lettered), by outcome.");
    private static readonly UpDownCounter<long> InFlight = Meter.CreateUpDownCounter<long>("gaptools.sqs.messages.in_flight", "{message}", "Messages received and not yet settled.");

    private readonly TagList _tags = new() { { "queue", queueName } };

    public void OnReceived(int count) => Received.Add(count, _tags);

    public void OnSettled(TimeSpan sinceReceive, MessageDispositionKind outcome)
    {
        var tags = _tags;
        tags.Add("outcome", outcome.ToString().ToLowerInvariant());
        Settlement.Record(sinceReceive.TotalSeconds, tags);
    }

    public void OnInFlightChanged(int delta) => InFlight.Add(delta, _tags);

    public void OnDeleted(int count) => Deleted.Add(count, _tags);

    public void OnReleased(int count) => Released.Add(count, _tags);

    public void OnRetriedLater(int count) => RetriedLater.Add(count, _tags);

    public void OnDeadLettered() => DeadLettered.Add(1, _tags);

    public void OnHandlerFailure() => HandlerFailures.Add(1, _tags);

    public void OnAcknowledgementFailures(int count) => AckFailures.Add(count, _tags);

    public void OnReceiveError() => ReceiveErrors.Add(1, _tags);
}

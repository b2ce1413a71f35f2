using GapTools.Core.Resilience;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.Workers.Outage;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace GapTools.S3ToCloudSearch.Sink;

/// <summary>
/// One <see cref="SinkOutage"/> per document endpoint, each with its own upload retry pipeline, and the consumer's
/// receive gate over all of them. Per endpoint because domains fail independently: one domain answering 507 must
/// neither open the circuit of another nor hold its batches. Receiving pauses while any domain is down, since the next
/// message may name any of them (and held messages would fill <c>MaxInFlight</c> anyway).
/// </summary>
/// <remarks>
/// While an endpoint's outage is on (its circuit is not closed, or a call of it has failed since its last answer), its
/// retry pipeline logs retries at Debug: each probe is already one warning of the outage's own ("… is unavailable …;
/// next probe in …"), so a long outage logs a line per backoff step rather than one per retry.
/// </remarks>
internal sealed class EndpointOutages(RetryOptions retry, SinkOutageOptions options, ResilienceInputs inputs) : IReceiveGate
{
    private readonly List<SinkOutage> all = [];
    private readonly Lock gate = new();

    /// <summary>The outages created so far, one per endpoint.</summary>
    public IReadOnlyList<SinkOutage> All
    {
        get
        {
            lock (gate)
            {
                return [.. all];
            }
        }
    }

    /// <summary>A new outage guard for <paramref name="endpoint"/> and the retry pipeline its uploads go through.</summary>
    public (ResiliencePipeline Retry, SinkOutage Outage) For(DocumentEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var outage = new SinkOutage($"CloudSearch endpoint '{endpoint.Name}'", options, inputs);
        var pipeline = ResiliencePipelines.Create(retry, "cloudsearch.UploadDocuments", inputs with
        {
            Logger = new QuietDuringOutage(inputs.Logger ?? NullLogger.Instance, outage),
        });
        lock (gate)
        {
            all.Add(outage);
        }

        return (pipeline, outage);
    }

    /// <summary>Completes when no endpoint's outage holds receiving back.</summary>
    public async ValueTask WaitUntilOpenAsync(CancellationToken cancellationToken)
    {
        foreach (var outage in All)
        {
            await outage.WaitUntilOpenAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Warnings become Debug while <paramref name="outage"/> is on; everything else passes unchanged.</summary>
    private sealed class QuietDuringOutage(ILogger inner, SinkOutage outage) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(Level(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = Level(logLevel);
            if (inner.IsEnabled(level))
            {
                inner.Log(level, eventId, state, exception, formatter);
            }
        }

        private LogLevel Level(LogLevel level) =>
            level == LogLevel.Warning && (outage.IsUnavailable || outage.Outage > TimeSpan.Zero) ? LogLevel.Debug : level;
    }
}

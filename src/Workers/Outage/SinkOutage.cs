using GapTools.Core.Resilience;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;

namespace GapTools.Workers.Outage;

/// <summary>
/// The sink's health gating the source. Every sink call goes through <see cref="ExecuteAsync{T}"/>: the edge's retry
/// pipeline inside Polly's circuit breaker. A call that still fails transiently (or finds the circuit open) waits and
/// probes again with jittered backoff, holding its messages in flight, until the sink answers, a permanent error
/// ends it, or <see cref="SinkOutageOptions.MaxHold"/> has passed (then <see cref="SinkUnavailableException"/> tells
/// how long to keep the message away). As the receive gate, it pauses receiving while the circuit is open, so no
/// message is received only to wait or to be released because the sink is down.
/// </summary>
public sealed partial class SinkOutage : IReceiveGate
{
    // Polly's breaker needs at least two outcomes in its window: two failed calls (each after its retries) open it.
    private const int MinimumThroughput = 2;
    private static readonly TimeSpan SamplingDuration = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan GatePoll = TimeSpan.FromMilliseconds(250);

    private readonly string _sink;
    private readonly SinkOutageOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly Func<Exception, bool?>? _classifier;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _breaker;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly Lock _gate = new();
    private long _outageStarted;     // timestamp of the first failure of the current outage; 0 when healthy
    private DateTimeOffset _openUntil;
    private int _waiting;

    /// <param name="sink">The sink's name for logs (<c>Redshift</c>, <c>CloudSearch</c>).</param>
    /// <param name="options">Hold, probe and release delays.</param>
    /// <param name="inputs">Clock, randomness and the tool's classifier (the same as its retry pipeline's), and the logger.</param>
    public SinkOutage(string sink, SinkOutageOptions options, ResilienceInputs inputs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sink);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);
        _sink = sink;
        _options = options;
        _time = inputs.TimeProvider;
        _random = inputs.Randomizer ?? Random.Shared.NextDouble;
        _classifier = inputs.ExtraClassifier;
        _logger = inputs.Logger ?? NullLogger.Instance;
        _breaker = new ResiliencePipelineBuilder { Name = $"{sink}.circuit", TimeProvider = _time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = MinimumThroughput,
                SamplingDuration = SamplingDuration,
                StateProvider = _state,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e, args.Context.CancellationToken)),
                BreakDurationGenerator = args => ValueTask.FromResult(ProbeDelay(args.HalfOpenAttempts)),
                OnOpened = args =>
                {
                    lock (_gate)
                    {
                        _openUntil = _time.GetUtcNow() + args.BreakDuration;
                    }

                    LogOpened(_logger, _sink, args.BreakDuration, args.Outcome.Exception is { } e ? ErrorSummary.Describe(e) : "failed");
                    return default;
                },
                OnClosed = _ =>
                {
                    var outage = EndOutage();
                    LogClosed(_logger, _sink, outage);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>True while the circuit is not closed (the sink failed past its retries and has not answered since).</summary>
    public bool IsUnavailable => _state.CircuitState is not CircuitState.Closed;

    /// <summary>How long the current outage has lasted (zero when the sink is healthy).</summary>
    public TimeSpan Outage
    {
        get
        {
            var started = Interlocked.Read(ref _outageStarted);
            return started == 0 ? TimeSpan.Zero : _time.GetElapsedTime(started);
        }
    }

    /// <summary>
    /// The delay for a message released because of the sink: as long as the outage so far, within
    /// <see cref="SinkOutageOptions.MinReleaseDelay"/> and <see cref="SinkOutageOptions.MaxReleaseDelay"/>, ±20 % jitter
    /// so released messages do not all come back at once.
    /// </summary>
    public TimeSpan ReleaseDelay
    {
        get
        {
            var basis = Math.Clamp(Outage.Ticks, _options.MinReleaseDelay.Ticks, _options.MaxReleaseDelay.Ticks);
            var jittered = (long)(basis * (0.8 + (0.4 * _random())));
            return TimeSpan.FromTicks(Math.Clamp(jittered, _options.MinReleaseDelay.Ticks, _options.MaxReleaseDelay.Ticks));
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> through <paramref name="retry"/> inside the circuit breaker, and keeps trying while
    /// the sink is down (see the type's remarks). Permanent errors and cancellation propagate at once.
    /// </summary>
    /// <exception cref="SinkUnavailableException">The sink stayed down for <see cref="SinkOutageOptions.MaxHold"/>.</exception>
    public async Task<T> ExecuteAsync<T>(ResiliencePipeline retry, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(call);
        var holding = _time.GetTimestamp();
        var held = false;
        try
        {
            for (var probe = 0; ; probe++)
            {
                try
                {
                    var result = await _breaker.ExecuteAsync(
                        static async (state, token) => await state.retry.ExecuteAsync(state.call, token).ConfigureAwait(false),
                        (retry, call),
                        cancellationToken).ConfigureAwait(false);
                    if (probe > 0 && _state.CircuitState == CircuitState.Closed)
                    {
                        // Answered before the circuit opened (one failure is not an outage yet): nothing more to end.
                        EndOutage();
                    }

                    return result;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is BrokenCircuitException || IsTransient(e, cancellationToken)))
                {
                    BeginOutage();
                    if (!held)
                    {
                        // From now until this call returns, it is held work that probes the sink: receiving waits for it.
                        held = true;
                        Interlocked.Increment(ref _waiting);
                    }

                    var elapsed = _time.GetElapsedTime(holding);
                    if (elapsed >= _options.MaxHold)
                    {
                        throw new SinkUnavailableException(_sink, Outage, ReleaseDelay, e is BrokenCircuitException { InnerException: { } cause } ? cause : e);
                    }

                    var delay = e is BrokenCircuitException { RetryAfter: { } after } && after > TimeSpan.Zero ? after : ProbeDelay(probe);
                    await Task.Delay(TimeSpan.FromTicks(Math.Min(delay.Ticks, (_options.MaxHold - elapsed).Ticks)), _time, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not SinkUnavailableException && !cancellationToken.IsCancellationRequested && _state.CircuitState == CircuitState.Closed)
                {
                    // A permanent answer is still an answer: the sink is reachable, so a later outage starts afresh.
                    EndOutage();
                    throw;
                }
            }
        }
        finally
        {
            if (held)
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
    }

    /// <summary>
    /// The receive gate: closed while the circuit is open, and while it is half-open with held work already probing
    /// (the next answer decides). With nothing in flight, a half-open circuit lets a receive through: its message is the probe.
    /// </summary>
    public async ValueTask WaitUntilOpenAsync(CancellationToken cancellationToken)
    {
        var logged = false;
        while (IsClosedForReceiving())
        {
            if (!logged)
            {
                LogReceivingPaused(_logger, _sink);
                logged = true;
            }

            await Task.Delay(GatePoll, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private bool IsClosedForReceiving()
    {
        switch (_state.CircuitState)
        {
            case CircuitState.Closed:
                return false;
            case CircuitState.Open or CircuitState.Isolated:
                DateTimeOffset until;
                lock (_gate)
                {
                    until = _openUntil;
                }

                return _time.GetUtcNow() < until || Volatile.Read(ref _waiting) > 0;
            default:
                return Volatile.Read(ref _waiting) > 0;
        }
    }

    private bool IsTransient(Exception e, CancellationToken token) => TransientErrors.IsTransient(e, _classifier, token);

    // Half of an exponential step plus a random half: probes of several workers spread out instead of arriving
    // together, and never come back-to-back.
    private TimeSpan ProbeDelay(int attempt)
    {
        var step = Backoff.Exponential(attempt, _options.ProbeDelay, _options.MaxProbeDelay);
        return (step / 2) + (step * (_random() / 2));
    }

    private void BeginOutage() => Interlocked.CompareExchange(ref _outageStarted, _time.GetTimestamp(), 0);

    private TimeSpan EndOutage()
    {
        var started = Interlocked.Exchange(ref _outageStarted, 0);
        return started == 0 ? TimeSpan.Zero : _time.GetElapsedTime(started);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Sink} is unavailable ({Error}): receiving paused, messages held; next probe in {Delay}")]
    private static partial void LogOpened(ILogger logger, string sink, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Sink} answers again after {Outage}: receiving resumes")]
    private static partial void LogClosed(ILogger logger, string sink, TimeSpan outage);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Receiving waits for {Sink}")]
    private static partial void LogReceivingPaused(ILogger logger, string sink);
}

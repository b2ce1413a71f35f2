using System.Net;
using Amazon.Runtime;
using GapTools.Core.Resilience;
using GapTools.Core.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace GapTools.Core.Tests.Resilience;

public class ResiliencePipelinesTests
{
    private readonly ManualTimeProvider _time = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly List<RetryNotice> _retries = [];
    private readonly ListLogger<ResiliencePipelinesTests> _logger = new();

    private static AmazonServiceException Throttled() =>
        new("Rate exceeded for body {\"secret\":1}", ErrorType.Sender, "ThrottlingException", "req-7", HttpStatusCode.BadRequest);

    private ResilienceInputs Inputs(double random = 0.5, Func<Exception, bool?>? extra = null) => new()
    {
        TimeProvider = _time,
        Randomizer = () => random,
        Logger = _logger,
        OnRetry = _retries.Add,
        ExtraClassifier = extra,
    };

    [Fact]
    public async Task Transient_errors_are_retried_until_success_with_full_jitter_delays()
    {
        var options = new RetryOptions { Jitter = RetryJitter.Full, MaxRetryAttempts = 5 };
        var pipeline = ResiliencePipelines.Create(options, "test.Op", Inputs(random: 0.5));
        var attempts = 0;

        var result = await Eventually.Completes(
            pipeline.ExecuteAsync(_ => ++attempts < 4 ? throw Throttled() : ValueTask.FromResult(attempts), Ct).AsTask(),
            _time);

        Assert.Equal(4, result);
        Assert.Equal([1, 2, 3], _retries.Select(r => r.Attempt));
        Assert.Equal(
            [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400)],
            _retries.Select(r => r.Delay));
        Assert.All(_retries, r => Assert.Equal("test.Op", r.Operation));
    }

    [Fact]
    public async Task Clock_advances_by_exactly_the_reported_delays()
    {
        var start = _time.GetUtcNow();
        var options = new RetryOptions { Jitter = RetryJitter.Full, MaxRetryAttempts = 2 };
        var pipeline = ResiliencePipelines.Create(options, "test.Op", Inputs(random: 0.5));
        var attempts = 0;

        await Eventually.Completes(
            pipeline.ExecuteAsync(_ => ++attempts < 3 ? throw new IOException("reset") : ValueTask.CompletedTask, Ct).AsTask(),
            _time);

        Assert.Equal(TimeSpan.FromMilliseconds(300), _time.GetUtcNow() - start);
    }

    [Theory]
    [InlineData(RetryJitter.Decorrelated, 0.0)]
    [InlineData(RetryJitter.Decorrelated, 0.999)]
    [InlineData(RetryJitter.Full, 0.999)]
    public async Task Delays_never_exceed_max_delay_and_attempts_are_bounded(RetryJitter jitter, double random)
    {
        var options = new RetryOptions
        {
            Jitter = jitter,
            MaxRetryAttempts = 12,
            BaseDelay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(1),
        };
        var pipeline = ResiliencePipelines.Create(options, "test.Op", Inputs(random));
        var attempts = 0;

        var run = pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            throw Throttled();
        }, Ct).AsTask();

        await Assert.ThrowsAsync<AmazonServiceException>(() => Eventually.Completes(run, _time));
        Assert.Equal(13, attempts);
        Assert.Equal(12, _retries.Count);
        Assert.All(_retries, r => Assert.InRange(r.Delay, TimeSpan.Zero, options.MaxDelay));
        Assert.Contains(_retries, r => r.Delay > TimeSpan.Zero);
    }

    [Fact]
    public async Task Permanent_errors_are_not_retried()
    {
        var pipeline = ResiliencePipelines.Create(new RetryOptions(), "test.Op", Inputs());
        var attempts = 0;
        var denied = new AmazonServiceException("denied", ErrorType.Sender, "AccessDenied", "r", HttpStatusCode.Forbidden);

        var error = await Assert.ThrowsAsync<AmazonServiceException>(
            () => pipeline.ExecuteAsync(_ =>
            {
                attempts++;
                throw denied;
            }, Ct).AsTask());

        Assert.Same(denied, error);
        Assert.Equal(1, attempts);
        Assert.Empty(_retries);
    }

    [Fact]
    public async Task Extra_classifier_can_make_an_error_transient()
    {
        var pipeline = ResiliencePipelines.Create(
            new RetryOptions { MaxRetryAttempts = 1 },
            "test.Op",
            Inputs(extra: e => e is InvalidOperationException ? true : null));
        var attempts = 0;

        await Eventually.Completes(
            pipeline.ExecuteAsync(_ => ++attempts == 1 ? throw new InvalidOperationException() : ValueTask.CompletedTask, Ct).AsTask(),
            _time);

        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Cancellation_during_a_delay_stops_retrying()
    {
        var pipeline = ResiliencePipelines.Create(new RetryOptions(), "test.Op", Inputs());
        using var cancellation = new CancellationTokenSource();
        var attempts = 0;

        var run = pipeline.ExecuteAsync(
            _ =>
            {
                attempts++;
                throw Throttled();
            },
            cancellation.Token).AsTask();
        await Eventually.True(() => _time.ArmedTimers == 1, "the first retry delay is armed");
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Caller_cancellation_inside_the_operation_is_not_retried()
    {
        var pipeline = ResiliencePipelines.Create(new RetryOptions(), "test.Op", Inputs());
        using var cancellation = new CancellationTokenSource();
        var attempts = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.ExecuteAsync(
            token =>
            {
                attempts++;
                cancellation.Cancel();
                token.ThrowIfCancellationRequested();
                return ValueTask.CompletedTask;
            },
            cancellation.Token).AsTask());

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Each_retry_logs_one_line_without_the_error_message()
    {
        var pipeline = ResiliencePipelines.Create(new RetryOptions { MaxRetryAttempts = 2, Jitter = RetryJitter.Full }, "sqs.DeleteMessageBatch", Inputs());
        var attempts = 0;

        await Eventually.Completes(
            pipeline.ExecuteAsync(_ => ++attempts < 3 ? throw Throttled() : ValueTask.CompletedTask, Ct).AsTask(),
            _time);

        var lines = _logger.Messages(LogLevel.Warning).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("sqs.DeleteMessageBatch", lines[0], StringComparison.Ordinal);
        Assert.Contains("retry 1 of 2", lines[0], StringComparison.Ordinal);
        Assert.Contains("ThrottlingException (HTTP 400, request req-7)", lines[0], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.DoesNotContain("secret", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Zero_retries_means_one_attempt()
    {
        var pipeline = ResiliencePipelines.Create(new RetryOptions { MaxRetryAttempts = 0 }, "test.Op", Inputs());
        var attempts = 0;

        await Assert.ThrowsAsync<AmazonServiceException>(() => pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            throw Throttled();
        }, Ct).AsTask());

        Assert.Equal(1, attempts);
    }

    [Fact]
    public void Invalid_options_are_refused_with_every_reason()
    {
        var options = new RetryOptions { MaxRetryAttempts = -1, BaseDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(1) };

        var error = Assert.Throws<ArgumentException>(() => ResiliencePipelines.Create(options, "test.Op"));

        Assert.Contains("test.Op", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetryAttempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxDelay", error.Message, StringComparison.Ordinal);
    }
}

using System.Net;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement.Model;
using GapTools.SsmWrap.Cli.Arguments;
using GapTools.SsmWrap.Cli.Logging;
using GapTools.SsmWrap.Fetching;
using GapTools.SsmWrap.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace GapTools.SsmWrap.Tests.Fetching;

/// <summary>The loader's options onto the core's retry pipeline, and how SSM's own errors are classified by it.</summary>
public sealed class SsmRetryTests : IDisposable
{
    private readonly InstantDelayTimeProvider _time = new();
    private readonly StringWriter _log = new();

    public void Dispose() => _log.Dispose();

    private SsmRetry Retry(int maxRetries = 3, double maxDelaySeconds = 10, double budgetSeconds = 30) => SsmRetry.Create(
        new SsmParameterLoaderOptions
        {
            MaxRetries = maxRetries,
            MaxDelay = TimeSpan.FromSeconds(maxDelaySeconds),
            RetryBudget = TimeSpan.FromSeconds(budgetSeconds),
            TimeProvider = _time,
            Logger = new StderrLogger(_log, LogFormat.Text, LogLevel.Debug, _time),
        },
        randomizer: () => 0.5);

    private static AmazonServiceException Ssm(string code, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        new("message that must not be logged", ErrorType.Sender, code, "req-1", status);

    private async Task<int> Attempts(Exception error, int maxRetries = 3, double budgetSeconds = 30)
    {
        var attempts = 0;
        await Assert.ThrowsAnyAsync<Exception>(async () => await Retry(maxRetries, budgetSeconds: budgetSeconds).ForOneCall("GetParametersByPath").ExecuteAsync(
            _ =>
            {
                attempts++;
                throw error;
            },
            TestContext.Current.CancellationToken));
        return attempts;
    }

    [Fact]
    public void MaxRetries_and_MaxDelay_map_onto_the_core_options()
    {
        var options = SsmRetry.RetryOptionsOf(new SsmParameterLoaderOptions { MaxRetries = 7, MaxDelay = TimeSpan.FromSeconds(3) });

        Assert.Equal(7, options.MaxRetryAttempts);
        Assert.Equal(SsmWrapDefaults.BaseDelay, options.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(3), options.MaxDelay);
        Assert.Equal(GapTools.Core.Resilience.RetryJitter.Full, options.Jitter);
    }

    [Fact]
    public void By_default_the_time_budget_decides_not_a_count()
    {
        var options = new SsmParameterLoaderOptions();

        Assert.Equal(100, options.MaxRetries); // the core's maximum: never reached within 30 s from 200 ms up
        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryBudget);
        Assert.Equal(TimeSpan.FromSeconds(10), options.MaxDelay);
    }

    [Fact]
    public async Task No_retry_is_scheduled_once_the_waits_add_up_to_the_budget()
    {
        // Full jitter pinned at 0.5: waits of 0.1, 0.2, 0.4, 0.8 s; after the fifth attempt they add up to 1.5 s, past 1 s.
        Assert.Equal(5, await Attempts(Ssm("ThrottlingException"), maxRetries: 100, budgetSeconds: 1));
        Assert.Equal([0.1, 0.2, 0.4, 0.8], _time.Delays.Select(d => Math.Round(d.TotalSeconds, 3)));
    }

    [Fact]
    public async Task Every_call_gets_a_budget_of_its_own()
    {
        var retry = Retry(maxRetries: 100, budgetSeconds: 1);
        for (var call = 0; call < 2; call++)
        {
            var attempts = 0;
            await Assert.ThrowsAnyAsync<Exception>(async () => await retry.ForOneCall("GetParameters").ExecuteAsync(
                _ =>
                {
                    attempts++;
                    throw Ssm("ThrottlingException");
                },
                TestContext.Current.CancellationToken));
            Assert.Equal(5, attempts);
        }
    }

    [Fact]
    public async Task With_the_defaults_a_call_makes_nine_attempts_even_when_every_wait_is_the_longest()
    {
        // Full jitter at its ceiling: 0.2, 0.4, 0.8, 1.6, 3.2, 6.4 s, then 10 s each; 8 retries before the 30 s budget.
        var attempts = 0;
        var retry = SsmRetry.Create(new SsmParameterLoaderOptions { TimeProvider = _time }, randomizer: () => 0.999999);
        await Assert.ThrowsAnyAsync<Exception>(async () => await retry.ForOneCall("GetParametersByPath").ExecuteAsync(
            _ =>
            {
                attempts++;
                throw Ssm("ThrottlingException");
            },
            TestContext.Current.CancellationToken));

        Assert.Equal(9, attempts);
    }

    [Fact]
    public async Task The_count_still_stops_first_when_it_is_lower() =>
        Assert.Equal(3, await Attempts(Ssm("ThrottlingException"), maxRetries: 2, budgetSeconds: 3600));

    [Fact]
    public async Task A_budget_of_zero_is_no_retry() =>
        Assert.Equal(1, await Attempts(Ssm("ThrottlingException"), maxRetries: 100, budgetSeconds: 0));

    [Fact]
    public void A_cap_below_the_base_delay_lowers_the_base()
    {
        var options = SsmRetry.RetryOptionsOf(new SsmParameterLoaderOptions { MaxDelay = TimeSpan.FromMilliseconds(20) });

        Assert.Equal(TimeSpan.FromMilliseconds(20), options.BaseDelay);
    }

    [Theory]
    [InlineData(101, 10.0)]
    [InlineData(-1, 10.0)]
    [InlineData(5, 0.0)]
    public void Out_of_range_options_are_refused_by_the_core(int maxRetries, double maxDelaySeconds) =>
        Assert.Throws<ArgumentException>(() => Retry(maxRetries, maxDelaySeconds));

    [Theory]
    [InlineData(-1.0)]
    [InlineData(3601.0)]
    public void A_budget_outside_zero_to_an_hour_is_refused(double budgetSeconds) =>
        Assert.Contains("RetryBudget", Assert.Throws<ArgumentException>(() => Retry(budgetSeconds: budgetSeconds)).Message, StringComparison.Ordinal);

    [Fact]
    public void Zero_retries_is_no_pipeline_at_all() =>
        Assert.Same(Polly.ResiliencePipeline.Empty, Retry(maxRetries: 0).ForOneCall("GetParameters"));

    [Theory]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest)]
    [InlineData("InternalServerError", HttpStatusCode.InternalServerError)]
    [InlineData("ServiceUnavailable", HttpStatusCode.ServiceUnavailable)]
    public async Task Throttling_and_5xx_are_retried_up_to_MaxRetries(string code, HttpStatusCode status) =>
        Assert.Equal(4, await Attempts(Ssm(code, status)));

    [Theory]
    [InlineData("AccessDeniedException")]
    [InlineData("UnrecognizedClientException")]
    [InlineData("InvalidSignatureException")]
    [InlineData("ValidationException")]
    [InlineData("ParameterNotFound")]
    [InlineData("InvalidKeyId")]
    public async Task Auth_validation_and_not_found_fail_at_once(string code)
    {
        Assert.Equal(1, await Attempts(Ssm(code)));
        Assert.Empty(_time.Delays);
    }

    [Fact]
    public async Task ParameterNotFoundException_is_not_retried() =>
        Assert.Equal(1, await Attempts(new ParameterNotFoundException("/app/x") { ErrorCode = "ParameterNotFound", StatusCode = HttpStatusCode.BadRequest }));

    [Fact]
    public async Task Network_errors_wrapped_by_the_SDK_are_retried() =>
        Assert.Equal(3, await Attempts(new AmazonClientException("send failed", new HttpRequestException("reset")), maxRetries: 2));

    [Fact]
    public async Task Each_retry_is_logged_under_the_operation_by_code_never_by_message()
    {
        await Attempts(Ssm("ThrottlingException"), maxRetries: 2);

        var log = _log.ToString();
        Assert.Contains("ssmwrap: warn: Retrying ssm.GetParametersByPath (retry 1 of 2)", log, StringComparison.Ordinal);
        Assert.Contains("after AmazonServiceException ThrottlingException (HTTP 400, request req-1)", log, StringComparison.Ordinal);
        Assert.DoesNotContain("must not be logged", log, StringComparison.Ordinal);
        Assert.Equal(2, _time.Delays.Count);
    }

    [Fact]
    public async Task Delays_never_exceed_MaxDelay()
    {
        await Assert.ThrowsAnyAsync<Exception>(async () => await Retry(maxRetries: 8, maxDelaySeconds: 1).ForOneCall("GetParameter").ExecuteAsync(
            _ => throw Ssm("ThrottlingException"),
            TestContext.Current.CancellationToken));

        Assert.Equal(8, _time.Delays.Count);
        Assert.All(_time.Delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(1)));
    }
}

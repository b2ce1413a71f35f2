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

    private SsmRetry Retry(int maxRetries = 3, double maxDelaySeconds = 10) => SsmRetry.Create(
        new SsmParameterLoaderOptions
        {
            MaxRetries = maxRetries,
            MaxDelay = TimeSpan.FromSeconds(maxDelaySeconds),
            TimeProvider = _time,
            Logger = new StderrLogger(_log, LogFormat.Text, LogLevel.Debug, _time),
        },
        randomizer: () => 0.5);

    private static AmazonServiceException Ssm(string code, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        new("message that must not be logged", ErrorType.Sender, code, "req-1", status);

    private async Task<int> Attempts(Exception error, int maxRetries = 3)
    {
        var attempts = 0;
        await Assert.ThrowsAnyAsync<Exception>(async () => await Retry(maxRetries).GetParametersByPath.ExecuteAsync(
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
    }

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

    [Fact]
    public void Zero_retries_is_no_pipeline_at_all() =>
        Assert.Same(Polly.ResiliencePipeline.Empty, Retry(maxRetries: 0).GetParameters);

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
        await Assert.ThrowsAnyAsync<Exception>(async () => await Retry(maxRetries: 8, maxDelaySeconds: 1).GetParameter.ExecuteAsync(
            _ => throw Ssm("ThrottlingException"),
            TestContext.Current.CancellationToken));

        Assert.Equal(8, _time.Delays.Count);
        Assert.All(_time.Delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(1)));
    }
}

using System.Net;
using System.Text.RegularExpressions;
using GapTools.LocalAws.Faults;
using GapTools.SsmWrap.Cli.Arguments;
using GapTools.SsmWrap.Cli.Logging;
using GapTools.SsmWrap.Fetching;
using GapTools.SsmWrap.Tests.Fakes;
using GapTools.SsmWrap.Tests.Support;

namespace GapTools.SsmWrap.Tests.Fetching;

/// <summary>
/// The adapter end to end: a real SDK client over HTTP against LocalAws (SigV4 verified), through the core's retry
/// pipeline with delays skipped. Call counts come from LocalAws's request journal, retries from the retry log: a
/// full-jitter delay under a millisecond starts no timer (Task.Delay counts whole milliseconds), so the clock's timers
/// only bound the delays. The same cases run over the ssmwrap binary's thin reader (<see cref="SsmJsonReaderTests"/>):
/// both must behave alike.
/// </summary>
public class SsmParameterReaderTests : IAsyncLifetime
{
    private readonly InstantDelayTimeProvider _time = new();
    private readonly StringWriter _log = new();
    private LocalSsm _ssm = null!;

    /// <summary>A loader over the reader under test, signing with the given keys (LocalSsm's by default).</summary>
    private protected virtual SsmParameterLoader CreateLoader(LocalSsm ssm, SsmParameterLoaderOptions options, string? accessKey, string? secretKey, out IDisposable owned)
    {
        var client = ssm.CreateClient(accessKey, secretKey);
        owned = client;
        return new SsmParameterLoader(client, options);
    }

    public async ValueTask InitializeAsync() => _ssm = await LocalSsm.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _ssm.DisposeAsync();
        await _log.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>How many retries the loader logged (read after the load; the logger serialises its writes).</summary>
    private int Retries => Regex.Count(_log.ToString(), "Retrying ssm\\.");

    private SsmParameterLoaderOptions Options(int retries, TimeSpan maxDelay) => new()
    {
        MaxRetries = retries,
        MaxDelay = maxDelay,
        TimeProvider = _time,
        Logger = new StderrLogger(_log, LogFormat.Text, Microsoft.Extensions.Logging.LogLevel.Warning, _time),
    };

    private async Task<SsmLoadResult> Load(string[] rules, int retries = 5, string? accessKey = null, string? secretKey = null)
    {
        var loader = CreateLoader(_ssm, Options(retries, TimeSpan.FromSeconds(2)), accessKey, secretKey, out var owned);
        using var client = owned;
        return await loader.LoadAsync(rules.Select(SsmRule.ParseEnv), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_recursive_path_is_paged_to_the_end_and_decrypted()
    {
        for (var i = 0; i < 35; i++)
        {
            _ssm.Put($"/app/{(i < 20 ? "" : "deep/")}p{i:00}", $"v{i}", i % 3 == 0 ? "SecureString" : "String");
        }

        var result = await Load(["path=/app/**/*"]);

        Assert.Equal(35, result.Variables.Count);
        Assert.Equal("v33", result.Variables["P33"]); // SecureString, below /app/deep
        Assert.Equal(4, _ssm.Count("GetParametersByPath"));
        Assert.Equal(4, result.ApiCalls);
    }

    [Fact]
    public async Task One_level_reads_only_direct_children()
    {
        _ssm.Put("/app/a", "1").Put("/app/deep/b", "2");

        var result = await Load(["path=/app/*"]);

        Assert.Equal(["A"], result.Variables.Keys);
    }

    [Fact]
    public async Task Twenty_five_names_take_three_GetParameters_calls()
    {
        var names = Enumerable.Range(0, 25).Select(i => $"/names/n{i:00}").ToArray();
        foreach (var name in names)
        {
            _ssm.Put(name, "x");
        }

        var result = await Load([.. names.Select(n => "path=" + n)]);

        Assert.Equal(25, result.Variables.Count);
        Assert.Equal(3, _ssm.Count("GetParameters"));
        Assert.Equal(3, _ssm.Requests.Count);
        Assert.Equal(3, result.ApiCalls);
    }

    [Fact]
    public async Task Missing_names_are_all_reported_unless_optional()
    {
        _ssm.Put("/names/here", "x");

        var error = await Assert.ThrowsAsync<SsmWrapException>(() => Load(["path=/names/here", "path=/names/gone1", "path=/names/gone2", "path=/names/maybe,optional=true"]));

        Assert.Collection(
            error.Problems,
            p => Assert.StartsWith("parameter /names/gone1 not found", p, StringComparison.Ordinal),
            p => Assert.StartsWith("parameter /names/gone2 not found", p, StringComparison.Ordinal));
        Assert.Equal(1, _ssm.Count("GetParameters"));
    }

    [Fact]
    public async Task Secrets_manager_references_are_read_with_GetParameter()
    {
        _ssm.PutSecret("prod/db", """{"password":"p"}""");

        var result = await Load(["path=/aws/reference/secretsmanager/prod/db,json=true"]);

        Assert.Equal("p", result.Variables["DB_PASSWORD"]);
        Assert.Equal(1, _ssm.Count("GetParameter"));
    }

    [Fact]
    public async Task Half_the_requests_throttled_still_gives_the_full_result()
    {
        for (var i = 0; i < 40; i++)
        {
            _ssm.Put($"/t/p{i:00}", $"v{i}");
        }

        _ssm.ThrottleHalf();

        var result = await Load(["path=/t/*"]);

        Assert.Equal(40, result.Variables.Count);
        Assert.Equal("v39", result.Variables["P39"]);
        Assert.Equal(4, result.ApiCalls);
        Assert.Equal(8, _ssm.Requests.Count);
        Assert.Equal(4, _ssm.Throttled);
        Assert.Equal(4, Retries);
        Assert.All(_time.Delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Server_errors_are_retried_with_capped_delays()
    {
        _ssm.Put("/s/a", "1");
        _ssm.Server.Faults.Add(FaultRule.HttpError("ssm", "GetParametersByPath", HttpStatusCode.InternalServerError, "InternalServerError", count: 5));

        var result = await Load(["path=/s/*"], retries: 5);

        Assert.Equal("1", result.Variables["A"]);
        Assert.Equal(6, _ssm.Requests.Count);
        Assert.Equal(5, Retries);
        Assert.All(_time.Delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Retries_run_out_after_exactly_retries_plus_one_requests()
    {
        _ssm.Server.Faults.Add(FaultRule.Throttling("ssm"));

        var error = await Assert.ThrowsAsync<SsmWrapException>(() => Load(["path=/s/*"], retries: 2));

        Assert.StartsWith("GetParametersByPath /s failed: AmazonSimpleSystemsManagementException ThrottlingException (HTTP 400", error.Message, StringComparison.Ordinal);
        // Only our pipeline retries: with the SDK's retries on too there would be 3 x 3.
        Assert.Equal(3, _ssm.Requests.Count);
    }

    [Fact]
    public async Task Access_denied_fails_at_once_without_retrying()
    {
        using var deny = _ssm.DenyAccess();

        var error = await Assert.ThrowsAsync<SsmWrapException>(() => Load(["path=/s/*"]));

        Assert.Contains("AccessDeniedException", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not authorized", error.Message, StringComparison.Ordinal); // AWS's message is not echoed
        Assert.Single(_ssm.Requests);
        Assert.Equal(0, Retries);
    }

    [Fact]
    public async Task A_wrong_secret_key_fails_at_once_on_the_real_signature_check()
    {
        var error = await Assert.ThrowsAsync<SsmWrapException>(() => Load(["path=/s/*"], secretKey: "not-the-secret"));

        Assert.Contains("InvalidSignatureException", error.Message, StringComparison.Ordinal);
        Assert.Single(_ssm.Requests);
        Assert.Equal(0, Retries);
    }

    [Fact]
    public async Task An_unknown_access_key_fails_at_once()
    {
        var error = await Assert.ThrowsAsync<SsmWrapException>(() => Load(["path=/s/*"], accessKey: "AKIAUNKNOWN"));

        Assert.Contains("UnrecognizedClientException", error.Message, StringComparison.Ordinal);
        Assert.Single(_ssm.Requests);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_retried_then_reported()
    {
        var loader = CreateLoader(_ssm, Options(2, TimeSpan.FromSeconds(1)), null, null, out var owned);
        using var client = owned;
        await _ssm.DisposeAsync();

        var error = await Assert.ThrowsAsync<SsmWrapException>(() => loader.LoadAsync([SsmRule.ParseEnv("path=/x/*")], TestContext.Current.CancellationToken));

        Assert.StartsWith("GetParametersByPath /x failed: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, Retries);
        _ssm = await LocalSsm.StartAsync(); // for DisposeAsync
    }

    [Fact]
    public void The_client_the_loader_creates_does_not_retry_itself()
    {
        using var client = SsmParameterLoader.CreateClient();

        Assert.Equal(0, client.Config.MaxErrorRetry);
    }
}

/// <summary>
/// Every case of <see cref="SsmParameterReaderTests"/> over <see cref="SsmJsonReader"/>, the ssmwrap binary's reader
/// (signed awsJson1_1 over HttpClient, no SDK client), plus what only it has: the SDK's exception types.
/// </summary>
public sealed class SsmJsonReaderTests : SsmParameterReaderTests
{
    private protected override SsmParameterLoader CreateLoader(LocalSsm ssm, SsmParameterLoaderOptions options, string? accessKey, string? secretKey, out IDisposable owned)
    {
        var endpoint = new SsmEndpoint(ssm.Server.ServiceUrl, "us-east-1");
        var credentials = new Amazon.Runtime.BasicAWSCredentials(accessKey ?? LocalSsm.AccessKey, secretKey ?? LocalSsm.SecretKey);
        var reader = new SsmJsonReader(endpoint, SsmRetry.Create(options), () => credentials);
        owned = reader;
        return new SsmParameterLoader(reader, options);
    }

    [Fact]
    public async Task Errors_are_the_SDK_clients_exception_types()
    {
        await using var ssm = await LocalSsm.StartAsync();
        using var reader = new SsmJsonReader(new SsmEndpoint(ssm.Server.ServiceUrl, "us-east-1"), SsmRetry.Create(new SsmParameterLoaderOptions { MaxRetries = 0 }),
            () => new Amazon.Runtime.BasicAWSCredentials(LocalSsm.AccessKey, "wrong"));

        var error = await Assert.ThrowsAsync<Amazon.SimpleSystemsManagement.AmazonSimpleSystemsManagementException>(
            () => reader.GetParametersAsync(["/a"], TestContext.Current.CancellationToken));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.IsType<Amazon.SimpleSystemsManagement.Model.ParameterNotFoundException>(
            SsmErrors.AsSdkWould(new Amazon.Runtime.AmazonServiceException("m", Amazon.Runtime.ErrorType.Sender, "ParameterNotFound", "r", System.Net.HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task A_missing_secret_reference_is_an_answer_not_a_failure()
    {
        await using var ssm = await LocalSsm.StartAsync();
        using var reader = new SsmJsonReader(new SsmEndpoint(ssm.Server.ServiceUrl, "us-east-1"), SsmRetry.Create(new SsmParameterLoaderOptions()),
            () => new Amazon.Runtime.BasicAWSCredentials(LocalSsm.AccessKey, LocalSsm.SecretKey));

        Assert.Null(await reader.GetParameterAsync("/aws/reference/secretsmanager/nope", TestContext.Current.CancellationToken));
    }
}

/// <summary>When the thin reader may resolve the endpoint itself, and when it leaves that to the SDK client.</summary>
public sealed class SsmEndpointTests
{
    private static SsmEndpoint? Resolve(Dictionary<string, string> environment, string? region = "eu-west-1", string? config = null) =>
        SsmEndpoint.TryResolve(environment.GetValueOrDefault, () => region, path => config is not null, _ => config!);

    [Fact]
    public void The_regional_endpoint_by_default_and_the_configured_url_first()
    {
        Assert.Equal(new Uri("https://ssm.eu-west-1.amazonaws.com"), Resolve([])!.Url);
        Assert.Equal("eu-west-1", Resolve([])!.SigningRegion);
        Assert.Equal(new Uri("http://127.0.0.1:4566"), Resolve(new() { ["AWS_ENDPOINT_URL_SSM"] = "http://127.0.0.1:4566", ["AWS_ENDPOINT_URL"] = "http://other" })!.Url);
        Assert.Equal(new Uri("http://other"), Resolve(new() { ["AWS_ENDPOINT_URL"] = "http://other" })!.Url);
        Assert.Equal(new Uri("https://ssm.eu-west-1.amazonaws.com"), Resolve(new() { ["AWS_ENDPOINT_URL"] = "http://other", ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true" })!.Url);
    }

    [Fact]
    public void Settings_only_the_SDK_handles_go_to_the_SDK_client()
    {
        Assert.Null(Resolve(new() { ["AWS_USE_FIPS_ENDPOINT"] = "true" }));
        Assert.Null(Resolve(new() { ["AWS_USE_DUALSTACK_ENDPOINT"] = "true" }));
        Assert.Null(Resolve(new() { ["AWS_CA_BUNDLE"] = "/etc/ca.pem" }));
        Assert.NotNull(Resolve(new() { ["AWS_CA_BUNDLE"] = "/etc/ca.pem", ["AWS_ENDPOINT_URL_SSM"] = "http://127.0.0.1:4566" })); // no TLS
        Assert.Null(Resolve(new() { ["HOME"] = "/home/u" }, config: "[default]\nendpoint_url = https://x\n"));
        Assert.NotNull(Resolve(new() { ["HOME"] = "/home/u" }, config: "[default]\nregion = eu-west-1\n"));
        Assert.Null(Resolve(new() { ["AWS_ENDPOINT_URL_SSM"] = "http://127.0.0.1:4566" }, region: null)); // the SDK derives the region
    }

    [Fact]
    public void No_region_and_no_endpoint_is_the_no_region_error()
    {
        var error = Assert.Throws<SsmWrapException>(() => Resolve([], region: null));

        Assert.Equal(FailureText.NoRegion, error.Message);
    }
}

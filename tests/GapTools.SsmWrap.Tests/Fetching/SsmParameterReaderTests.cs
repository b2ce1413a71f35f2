using GapTools.SsmWrap.Tests.Fakes;

namespace GapTools.SsmWrap.Tests.Fetching;

/// <summary>The real SDK client over HTTP against the fake endpoint, through the real retry pipeline (delays skipped).</summary>
public sealed class SsmParameterReaderTests : IAsyncLifetime
{
    private readonly InstantDelayTimeProvider _time = new();
    private FakeSsmServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeSsmServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<SsmLoadResult> Load(string accessKey = FakeSsmServer.AccessKey, int retries = 5, params string[] rules)
    {
        using var client = _server.CreateClient(accessKey);
        var options = new SsmParameterLoaderOptions { MaxRetries = retries, MaxDelay = TimeSpan.FromSeconds(2), TimeProvider = _time };
        var loader = new SsmParameterLoader(client, options);
        return await loader.LoadAsync(rules.Select(SsmRule.ParseEnv), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Paths_are_paged_with_MaxResults_10_and_decrypted()
    {
        for (var i = 0; i < 35; i++)
        {
            _server.Put($"/app/{(i < 20 ? "" : "deep/")}p{i:00}", $"v{i}", i % 3 == 0 ? "SecureString" : "String");
        }

        var result = await Load(rules: "path=/app/**/*");

        Assert.Equal(35, result.Variables.Count);
        Assert.Equal("v34", result.Variables["P34"]);
        var requests = _server.Requests.ToList();
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r => Assert.Equal(10, (int)r.Body["MaxResults"]!));
        Assert.All(requests, r => Assert.True((bool)r.Body["WithDecryption"]!));
        Assert.All(requests, r => Assert.True((bool)r.Body["Recursive"]!));
        Assert.Equal([null, "10", "20", "30"], requests.Select(r => (string?)r.Body["NextToken"]));
    }

    [Fact]
    public async Task Twenty_five_names_take_three_GetParameters_calls()
    {
        var names = Enumerable.Range(0, 25).Select(i => $"/names/n{i:00}").ToArray();
        foreach (var name in names)
        {
            _server.Put(name, "x");
        }

        var result = await Load(rules: [.. names.Select(n => "path=" + n)]);

        Assert.Equal(25, result.Variables.Count);
        Assert.Equal(3, _server.Count("GetParameters"));
        Assert.All(_server.Requests, r => Assert.InRange(r.Body["Names"]!.AsArray().Count, 1, 10));
        Assert.Equal(3, result.ApiCalls);
    }

    [Fact]
    public async Task Secrets_manager_references_are_read_with_GetParameter()
    {
        _server.Put("/aws/reference/secretsmanager/prod/db", """{"password":"p"}""", "SecureString");

        var result = await Load(rules: "path=/aws/reference/secretsmanager/prod/db,json=true");

        Assert.Equal("p", result.Variables["DB_PASSWORD"]);
        Assert.Equal(1, _server.Count("GetParameter"));
    }

    [Fact]
    public async Task Half_the_requests_throttled_still_gives_the_full_result()
    {
        for (var i = 0; i < 40; i++)
        {
            _server.Put($"/t/p{i:00}", $"v{i}");
        }

        _server.Fault = r => r.Sequence % 2 == 1 ? SsmFault.Throttling : null;

        var result = await Load(rules: "path=/t/*");

        Assert.Equal(40, result.Variables.Count);
        Assert.Equal(4, result.ApiCalls);
        Assert.Equal(8, _server.Requests.Count);
        Assert.Equal(4, _time.Delays.Count);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_growing_capped_delays()
    {
        _server.Put("/s/a", "1");
        _server.Fault = r => r.Sequence <= 5 ? SsmFault.InternalError : null;

        var result = await Load(retries: 5, rules: "path=/s/*");

        Assert.Equal("1", result.Variables["A"]);
        Assert.Equal(6, _server.Requests.Count);
        Assert.All(_time.Delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Retries_run_out_with_a_clear_error()
    {
        _server.Fault = _ => SsmFault.Throttling;

        var error = await Assert.ThrowsAsync<SsmWrapException>(() => Load(retries: 2, rules: "path=/s/*"));

        Assert.Contains("GetParametersByPath /s failed: AmazonSimpleSystemsManagementException ThrottlingException", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Access_denied_fails_at_once_without_retrying()
    {
        _server.Fault = _ => SsmFault.AccessDenied;

        var error = await Assert.ThrowsAsync<SsmWrapException>(() => Load(rules: "path=/s/*"));

        Assert.Contains("AccessDeniedException", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
        Assert.Empty(_time.Delays);
    }

    [Fact]
    public async Task Wrong_credentials_fail_at_once_without_retrying()
    {
        var error = await Assert.ThrowsAsync<SsmWrapException>(() => Load(accessKey: "AKIAWRONG", rules: "path=/s/*"));

        Assert.Contains("UnrecognizedClientException", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_retried_then_reported()
    {
        var endpoint = _server.Endpoint;
        await _server.DisposeAsync();
        using var client = new Amazon.SimpleSystemsManagement.AmazonSimpleSystemsManagementClient(
            new Amazon.Runtime.BasicAWSCredentials("test", "test"),
            new Amazon.SimpleSystemsManagement.AmazonSimpleSystemsManagementConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var loader = new SsmParameterLoader(client, new SsmParameterLoaderOptions { MaxRetries = 2, MaxDelay = TimeSpan.FromSeconds(1), TimeProvider = _time });

        var error = await Assert.ThrowsAsync<SsmWrapException>(() => loader.LoadAsync([SsmRule.ParseEnv("path=/x/*")], TestContext.Current.CancellationToken));

        Assert.Contains("GetParametersByPath /x failed", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _time.Delays.Count);
        _server = await FakeSsmServer.StartAsync(); // for DisposeAsync
    }
}

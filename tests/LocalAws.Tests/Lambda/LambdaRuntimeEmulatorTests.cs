using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.S3;
using GapTools.LocalAws.Lambda;
using GapTools.LocalAws.S3;

namespace GapTools.LocalAws.Tests.Lambda;

/// <summary>
/// A plain <see cref="HttpClient"/> plays the custom runtime against <see cref="LambdaRuntimeEmulator"/>. Each test
/// starts its own server: the emulator has one invocation queue, and a leftover invocation would leak into the next
/// test. The timeout tests run on a manual clock, so they take no real seconds.
/// </summary>
public sealed partial class LambdaRuntimeEmulatorTests
{
    private const string Runtime = "/2018-06-01/runtime";
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Next_hands_out_the_event_with_the_runtime_headers_and_the_response_is_the_result()
    {
        await using var server = await LocalAwsServer.StartAsync(cancellationToken: ct);
        using var runtime = RuntimeClient(server);
        server.Lambda.FunctionName = "orders";

        var before = DateTimeOffset.UtcNow;
        var invoke = server.Lambda.InvokeAsync("""{"order":42}""", TimeSpan.FromSeconds(10), ct);
        using var next = await runtime.GetAsync(new Uri($"{Runtime}/invocation/next", UriKind.Relative), ct);
        var after = DateTimeOffset.UtcNow;
        var requestId = Header(next, "Lambda-Runtime-Aws-Request-Id");
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Header(next, "Lambda-Runtime-Deadline-Ms"), CultureInfo.InvariantCulture));
        using var answered = await runtime.PostAsync(new Uri($"{Runtime}/invocation/{requestId}/response", UriKind.Relative), Json("""{"shipped":true}"""), ct);
        var result = await invoke;

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("application/json", next.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"order":42}""", await next.Content.ReadAsStringAsync(ct));
        Assert.True(Guid.TryParse(requestId, out _), requestId);
        Assert.InRange(deadline, before.AddSeconds(10).AddMilliseconds(-1), after.AddSeconds(10).AddMilliseconds(1));
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:orders", Header(next, "Lambda-Runtime-Invoked-Function-Arn"));
        Assert.Matches(TraceId(), Header(next, "Lambda-Runtime-Trace-Id"));
        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
        Assert.Equal("""{"status":"OK"}""", await answered.Content.ReadAsStringAsync(ct));
        Assert.Equal(new LambdaInvocationResult(requestId, deadline, IsError: false, """{"shipped":true}""", ErrorType: null, TimedOut: false), result);
        Assert.True(result.Json?["shipped"]?.GetValue<bool>());
        Assert.Equal(1, server.Lambda.NextRequests);
        Assert.InRange(await server.Lambda.FirstNextRequest, before, after);
        Assert.Equal($"127.0.0.1:{server.ServiceUrl.Port}", server.RuntimeApiAddress);
    }

    [Fact]
    public async Task An_error_post_is_an_error_result_typed_by_the_body_else_by_the_header()
    {
        await using var server = await LocalAwsServer.StartAsync(cancellationToken: ct);
        using var runtime = RuntimeClient(server);

        var typedByBody = server.Lambda.InvokeAsync("{}", cancellationToken: ct);
        var first = await NextIdAsync(runtime);
        var errorBody = """{"errorMessage":"no stock","errorType":"System.InvalidOperationException","stackTrace":["at Orders.Ship()"]}""";
        using var firstPosted = await PostErrorAsync(runtime, $"{Runtime}/invocation/{first}/error", errorBody, header: "Unhandled");
        var bodyTyped = await typedByBody;

        var typedByHeader = server.Lambda.InvokeAsync("{}", cancellationToken: ct);
        var second = await NextIdAsync(runtime);
        using var secondPosted = await PostErrorAsync(runtime, $"{Runtime}/invocation/{second}/error", "not json", header: "Runtime.ExitError");
        var headerTyped = await typedByHeader;

        Assert.Equal(HttpStatusCode.Accepted, firstPosted.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, secondPosted.StatusCode);
        Assert.Equal((first, true, "System.InvalidOperationException", errorBody, false), (bodyTyped.RequestId, bodyTyped.IsError, bodyTyped.ErrorType, bodyTyped.Body, bodyTyped.TimedOut));
        Assert.Equal("no stock", bodyTyped.Json?["errorMessage"]?.GetValue<string>());
        Assert.Equal((second, true, "Runtime.ExitError", "not json"), (headerTyped.RequestId, headerTyped.IsError, headerTyped.ErrorType, headerTyped.Body));
        Assert.Null(headerTyped.Json);
    }

    [Fact]
    public async Task An_unknown_or_already_answered_request_id_is_400_InvalidRequestID()
    {
        await using var server = await LocalAwsServer.StartAsync(cancellationToken: ct);
        using var runtime = RuntimeClient(server);

        using var unknown = await runtime.PostAsync(new Uri($"{Runtime}/invocation/{Guid.NewGuid()}/response", UriKind.Relative), Json("{}"), ct);
        using var unknownError = await PostErrorAsync(runtime, $"{Runtime}/invocation/nope/error", """{"errorType":"X"}""", header: null);
        var invoke = server.Lambda.InvokeAsync("{}", cancellationToken: ct);
        var id = await NextIdAsync(runtime);
        using var first = await runtime.PostAsync(new Uri($"{Runtime}/invocation/{id}/response", UriKind.Relative), Json("1"), ct);
        using var again = await runtime.PostAsync(new Uri($"{Runtime}/invocation/{id}/response", UriKind.Relative), Json("2"), ct);
        using var errorAfter = await PostErrorAsync(runtime, $"{Runtime}/invocation/{id}/error", """{"errorType":"X"}""", header: null);

        foreach (var rejected in new[] { unknown, unknownError, again, errorAfter })
        {
            Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
            var error = JsonNode.Parse(await rejected.Content.ReadAsStringAsync(ct));
            Assert.Equal("InvalidRequestID", error?["errorType"]?.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(error?["errorMessage"]?.GetValue<string>()));
        }

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("1", (await invoke).Body);
    }

    [Fact]
    public async Task An_init_error_completes_InitError_and_fails_the_invocation_waiting_for_the_runtime()
    {
        await using var server = await LocalAwsServer.StartAsync(cancellationToken: ct);
        using var runtime = RuntimeClient(server);

        var waiting = server.Lambda.InvokeAsync("{}", cancellationToken: ct);
        Assert.False(server.Lambda.InitError.IsCompleted);
        var body = """{"errorMessage":"handler 'Orders::Ship' not found","errorType":"Runtime.NoSuchHandler"}""";
        using var posted = await PostErrorAsync(runtime, $"{Runtime}/init/error", body, header: "Runtime.NoSuchHandler");
        var initError = await server.Lambda.InitError.WaitAsync(TimeSpan.FromSeconds(5), ct);
        var failed = await waiting.WaitAsync(TimeSpan.FromSeconds(5), ct);

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal(new LambdaInitError("Runtime.NoSuchHandler", body), initError);
        Assert.Equal((true, "Runtime.NoSuchHandler", body, false), (failed.IsError, failed.ErrorType, failed.Body, failed.TimedOut));
        Assert.Equal(0, server.Lambda.NextRequests);
        Assert.False(server.Lambda.FirstNextRequest.IsCompleted);
    }

    [Fact]
    public async Task Queued_invocations_are_served_first_in_first_out_each_answer_to_its_caller()
    {
        await using var server = await LocalAwsServer.StartAsync(cancellationToken: ct);
        using var runtime = RuntimeClient(server);

        var invokes = Enumerable.Range(1, 3).Select(i => server.Lambda.InvokeAsync($$"""{"n":{{i}}}""", cancellationToken: ct)).ToList();
        var served = new List<string>();
        for (var i = 0; i < invokes.Count; i++)
        {
            using var next = await runtime.GetAsync(new Uri($"{Runtime}/invocation/next", UriKind.Relative), ct);
            var payload = await next.Content.ReadAsStringAsync(ct);
            served.Add(payload);
            using var answered = await runtime.PostAsync(
                new Uri($"{Runtime}/invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", UriKind.Relative), Json(JsonValue.Create($"echo {payload}").ToJsonString()), ct);
        }

        var results = await Task.WhenAll(invokes);

        Assert.Equal(["""{"n":1}""", """{"n":2}""", """{"n":3}"""], served);
        Assert.Equal(["echo {\"n\":1}", "echo {\"n\":2}", "echo {\"n\":3}"], results.Select(r => r.Json?.GetValue<string>()));
        Assert.Equal(3, results.Select(r => r.RequestId).Distinct().Count());
        Assert.Equal(3, server.Lambda.NextRequests);
    }

    [Fact]
    public async Task A_runtime_that_never_answers_times_out_at_the_deadline_plus_the_grace_and_a_late_answer_is_kept()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        await using var server = await LocalAwsServer.StartAsync(new LocalAwsOptions { Time = clock }, ct);
        using var runtime = RuntimeClient(server);

        var invoke = server.Lambda.InvokeAsync("{}", TimeSpan.FromSeconds(1), ct);
        using var next = await runtime.GetAsync(new Uri($"{Runtime}/invocation/next", UriKind.Relative), ct);
        var id = Header(next, "Lambda-Runtime-Aws-Request-Id");
        clock.Advance(TimeSpan.FromSeconds(5.9));
        var waitedPastTheDeadline = invoke.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(0.2));
        var result = await invoke.WaitAsync(TimeSpan.FromSeconds(5), ct);
        using var late = await runtime.PostAsync(new Uri($"{Runtime}/invocation/{id}/response", UriKind.Relative), Json("\"late\""), ct);

        Assert.Equal(start.AddSeconds(1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), Header(next, "Lambda-Runtime-Deadline-Ms"));
        Assert.False(waitedPastTheDeadline);
        Assert.Equal((id, start.AddSeconds(1), true, true, "Sandbox.Timedout"), (result.RequestId, result.Deadline, result.TimedOut, result.IsError, result.ErrorType));
        Assert.Contains("Task timed out after 1.00 seconds", result.Json?["errorMessage"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, late.StatusCode);
        var kept = Assert.Single(server.Lambda.LateAnswers);
        Assert.Equal((id, "\"late\"", true, false), (kept.RequestId, kept.Body, kept.TimedOut, kept.IsError));
    }

    [Fact]
    public async Task An_answer_after_the_deadline_but_within_the_grace_is_the_result_marked_TimedOut()
    {
        var clock = new ManualTimeProvider();
        await using var server = await LocalAwsServer.StartAsync(new LocalAwsOptions { Time = clock }, ct);
        using var runtime = RuntimeClient(server);

        var invoke = server.Lambda.InvokeAsync("{}", TimeSpan.FromSeconds(1), ct);
        var id = await NextIdAsync(runtime);
        clock.Advance(TimeSpan.FromSeconds(2));
        using var answered = await runtime.PostAsync(new Uri($"{Runtime}/invocation/{id}/response", UriKind.Relative), Json("\"slow\""), ct);
        var result = await invoke.WaitAsync(TimeSpan.FromSeconds(5), ct);

        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
        Assert.Equal((id, false, "\"slow\"", true), (result.RequestId, result.IsError, result.Body, result.TimedOut));
        Assert.Empty(server.Lambda.LateAnswers);
    }

    [Fact]
    public async Task An_invocation_no_runtime_fetched_before_it_timed_out_is_never_handed_out()
    {
        var clock = new ManualTimeProvider();
        await using var server = await LocalAwsServer.StartAsync(new LocalAwsOptions { Time = clock }, ct);
        using var runtime = RuntimeClient(server);

        var stale = server.Lambda.InvokeAsync("\"stale\"", TimeSpan.FromSeconds(1), ct);
        clock.Advance(TimeSpan.FromSeconds(6));
        var staleResult = await stale.WaitAsync(TimeSpan.FromSeconds(5), ct);
        var fresh = server.Lambda.InvokeAsync("\"fresh\"", TimeSpan.FromSeconds(1), ct);
        using var next = await runtime.GetAsync(new Uri($"{Runtime}/invocation/next", UriKind.Relative), ct);

        Assert.True(staleResult.TimedOut);
        Assert.Equal("\"fresh\"", await next.Content.ReadAsStringAsync(ct));
        using var answered = await runtime.PostAsync(
            new Uri($"{Runtime}/invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", UriKind.Relative), Json("0"), ct);
        Assert.False((await fresh).TimedOut);
    }

    [Fact]
    public async Task A_next_request_that_gave_up_does_not_swallow_the_following_invocation()
    {
        await using var server = await LocalAwsServer.StartAsync(cancellationToken: ct);
        using var runtime = RuntimeClient(server);

        using (var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var abandoned = runtime.GetAsync(new Uri($"{Runtime}/invocation/next", UriKind.Relative), giveUp.Token);
            await WaitForAsync(() => server.Lambda.NextRequests == 1);
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        }

        // The server notices the abandoned poll when its connection closes; until then a queued event could go to it.
        await Task.Delay(200, ct);
        var invoke = server.Lambda.InvokeAsync("\"kept\"", TimeSpan.FromSeconds(5), ct);
        using var next = await runtime.GetAsync(new Uri($"{Runtime}/invocation/next", UriKind.Relative), ct);
        using var answered = await runtime.PostAsync(
            new Uri($"{Runtime}/invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", UriKind.Relative), Json("\"ok\""), ct);

        Assert.Equal("\"kept\"", await next.Content.ReadAsStringAsync(ct));
        Assert.Equal("\"ok\"", (await invoke).Body);
    }

    [Fact]
    public async Task Stopping_the_server_ends_a_waiting_next_request_and_a_waiting_invocation()
    {
        var server = await LocalAwsServer.StartAsync(cancellationToken: ct);
        using var runtime = RuntimeClient(server);
        var poll = runtime.GetAsync(new Uri($"{Runtime}/invocation/next", UriKind.Relative), ct);
        await WaitForAsync(() => server.Lambda.NextRequests == 1);
        var stop = server.DisposeAsync().AsTask();

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => poll.WaitAsync(TimeSpan.FromSeconds(5), ct));
        await stop.WaitAsync(TimeSpan.FromSeconds(5), ct);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.Lambda.InvokeAsync("{}", cancellationToken: ct).WaitAsync(TimeSpan.FromSeconds(5), ct));
    }

    [Fact]
    public async Task A_signed_request_on_the_runtime_path_goes_to_the_AWS_pipeline()
    {
        await using var server = await LocalAwsServer.StartAsync(cancellationToken: ct);
        using var s3 = server.CreateS3Client();

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync("2018-06-01", "runtime/invocation/next", ct));

        Assert.Equal("NoSuchBucket", error.ErrorCode);
        Assert.Equal(0, server.Lambda.NextRequests);
    }

    [Fact]
    public async Task The_control_endpoint_invokes_the_runtime_and_reports_its_stats()
    {
        await using var server = await LocalAwsServer.StartAsync(cancellationToken: ct);
        using var control = new HttpClient { BaseAddress = server.ServiceUrl };
        using var runtime = RuntimeClient(server);

        using var before = await control.GetAsync(new Uri("/_localaws/lambda/stats", UriKind.Relative), ct);
        var beforeStats = JsonNode.Parse(await before.Content.ReadAsStringAsync(ct));
        var invoke = control.PostAsync(new Uri("/_localaws/lambda/invoke?timeoutSeconds=7", UriKind.Relative), Json("""{"ping":1}"""), ct);
        using var next = await runtime.GetAsync(new Uri($"{Runtime}/invocation/next", UriKind.Relative), ct);
        var id = Header(next, "Lambda-Runtime-Aws-Request-Id");
        using var posted = await PostErrorAsync(runtime, $"{Runtime}/invocation/{id}/error", """{"errorMessage":"boom","errorType":"Boom"}""", header: null);
        using var invoked = await invoke;
        var answer = JsonNode.Parse(await invoked.Content.ReadAsStringAsync(ct));
        using var initPosted = await PostErrorAsync(runtime, $"{Runtime}/init/error", "{}", header: "Runtime.ConfigInvalid");
        using var after = await control.GetAsync(new Uri("/_localaws/lambda/stats", UriKind.Relative), ct);
        var afterStats = JsonNode.Parse(await after.Content.ReadAsStringAsync(ct));
        using var badTimeout = await control.PostAsync(new Uri("/_localaws/lambda/invoke?timeoutSeconds=0", UriKind.Relative), Json("{}"), ct);

        Assert.Equal("""{"nextRequests":0,"firstNextRequest":null,"initError":null}""", beforeStats?.ToJsonString());
        Assert.Equal("""{"ping":1}""", await next.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.OK, invoked.StatusCode);
        Assert.Equal(
            new JsonObject { ["requestId"] = id, ["isError"] = true, ["errorType"] = "Boom", ["timedOut"] = false, ["body"] = """{"errorMessage":"boom","errorType":"Boom"}""" }.ToJsonString(),
            answer?.ToJsonString());
        Assert.Equal(1, afterStats?["nextRequests"]?.GetValue<int>());
        Assert.Equal(await server.Lambda.FirstNextRequest, DateTimeOffset.Parse(afterStats?["firstNextRequest"]?.GetValue<string>() ?? "", CultureInfo.InvariantCulture));
        Assert.Equal("""{"errorType":"Runtime.ConfigInvalid","body":"{}"}""", afterStats?["initError"]?.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, badTimeout.StatusCode);
    }

    [Fact]
    public async Task Unknown_paths_are_404_and_wrong_methods_405()
    {
        await using var server = await LocalAwsServer.StartAsync(cancellationToken: ct);
        using var runtime = RuntimeClient(server);

        using var unknown = await runtime.GetAsync(new Uri($"{Runtime}/invocation/next/extra", UriKind.Relative), ct);
        using var postNext = await runtime.PostAsync(new Uri($"{Runtime}/invocation/next", UriKind.Relative), Json("{}"), ct);
        using var getResponse = await runtime.GetAsync(new Uri($"{Runtime}/invocation/x/response", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, postNext.StatusCode);
        Assert.Equal("GET", postNext.Content.Headers.Allow.Single());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, getResponse.StatusCode);
        Assert.Equal(0, server.Lambda.NextRequests);
    }

    private static HttpClient RuntimeClient(LocalAwsServer server) =>
        new() { BaseAddress = new Uri($"http://{server.RuntimeApiAddress}"), Timeout = TimeSpan.FromSeconds(30) };

    private async Task<string> NextIdAsync(HttpClient runtime)
    {
        using var next = await runtime.GetAsync(new Uri($"{Runtime}/invocation/next", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        return Header(next, "Lambda-Runtime-Aws-Request-Id");
    }

    private async Task<HttpResponseMessage> PostErrorAsync(HttpClient runtime, string path, string body, string? header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = Json(body) };
        if (header is not null)
        {
            request.Headers.Add("Lambda-Runtime-Function-Error-Type", header);
        }

        return await runtime.SendAsync(request, ct);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"No {name} header.");

    private async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(20, ct);
        }

        Assert.True(condition());
    }

    [GeneratedRegex("^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$")]
    private static partial Regex TraceId();
}

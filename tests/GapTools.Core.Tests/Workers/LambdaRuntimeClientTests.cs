using System.Text;
using GapTools.LocalAws;
using GapTools.Workers.Lambda;

namespace GapTools.Core.Tests.Workers;

/// <summary>The Runtime API client over real HTTP against LocalAws's Runtime API emulator.</summary>
public sealed class LambdaRuntimeClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Next_hands_over_the_event_with_its_id_deadline_and_trace_and_the_response_reaches_the_caller()
    {
        await using var server = await LocalAwsServer.StartAsync(cancellationToken: Ct);
        using var client = new LambdaRuntimeClient(server.RuntimeApiAddress);
        var invoked = server.Lambda.InvokeAsync("""{"hello":"lambda"}""", TimeSpan.FromSeconds(30), Ct);

        var invocation = await client.GetNextInvocationAsync(Ct);
        await client.SendResponseAsync(invocation.RequestId, Encoding.UTF8.GetBytes("""{"batchItemFailures":[]}"""), Ct);
        var result = await invoked;

        Assert.Equal("""{"hello":"lambda"}""", invocation.Payload);
        Assert.Equal(result.RequestId, invocation.RequestId);
        Assert.Equal(result.Deadline, invocation.Deadline);
        Assert.InRange(invocation.RemainingTime(TimeProvider.System), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
        Assert.StartsWith("Root=1-", invocation.TraceId, StringComparison.Ordinal);
        Assert.StartsWith("arn:aws:lambda:", invocation.FunctionArn, StringComparison.Ordinal);
        Assert.False(result.IsError);
        Assert.Equal("""{"batchItemFailures":[]}""", result.Body);
    }

    [Fact]
    public async Task An_invocation_error_and_an_init_error_carry_type_and_message()
    {
        await using var server = await LocalAwsServer.StartAsync(cancellationToken: Ct);
        using var client = new LambdaRuntimeClient(server.RuntimeApiAddress);
        var invoked = server.Lambda.InvokeAsync("{}", TimeSpan.FromSeconds(30), Ct);

        var invocation = await client.GetNextInvocationAsync(Ct);
        await client.SendInvocationErrorAsync(invocation.RequestId, new LambdaError("S3ToRedshift.NotProcessed", "s3://b/k: \"quoted\""), Ct);
        var result = await invoked;
        await client.SendInitErrorAsync(new LambdaError("S3ToRedshift.ConfigurationError", "S3ToRedshift:Targets is empty."), Ct);
        var init = await server.Lambda.InitError.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.True(result.IsError);
        Assert.Equal("S3ToRedshift.NotProcessed", result.ErrorType);
        Assert.Equal("s3://b/k: \"quoted\"", result.Json!["errorMessage"]!.GetValue<string>());
        Assert.Equal("S3ToRedshift.ConfigurationError", init.ErrorType);
        Assert.Contains("S3ToRedshift:Targets is empty.", init.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_answer_is_an_http_error_naming_the_call()
    {
        await using var server = await LocalAwsServer.StartAsync(cancellationToken: Ct);
        using var client = new LambdaRuntimeClient(server.RuntimeApiAddress);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.SendResponseAsync("no-such-request", "{}"u8.ToArray(), Ct));

        Assert.Contains("invocation/no-such-request/response", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 400", error.Message, StringComparison.Ordinal);
    }
}

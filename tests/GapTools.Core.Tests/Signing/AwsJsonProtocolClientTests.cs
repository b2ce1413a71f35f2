using System.Net;
using System.Text.Json.Serialization;
using Amazon.Runtime;
using GapTools.Core.Resilience;
using GapTools.Core.Signing;
using GapTools.Core.Tests.Fakes;

namespace GapTools.Core.Tests.Signing;

public sealed record DescribeThingRequest(string Id);

public sealed record DescribeThingResponse(string? Name, int Count);

[JsonSerializable(typeof(DescribeThingRequest))]
[JsonSerializable(typeof(DescribeThingResponse))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

public class AwsJsonProtocolClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (AwsJsonProtocolClient Client, StubHttpHandler Stub) Create(
        Func<RecordedRequest, HttpResponseMessage> respond, AwsJsonVersion version = AwsJsonVersion.Json11)
    {
        var stub = new StubHttpHandler(respond);
        var http = new HttpClient(new AwsSigV4Handler(new BasicAWSCredentials("AKID", "SECRET"), "us-east-1", "redshift-data") { InnerHandler = stub });
        return (new AwsJsonProtocolClient(http, new Uri("http://127.0.0.1:4566/"), "RedshiftData", version), stub);
    }

    private static Task<DescribeThingResponse> Send(AwsJsonProtocolClient client) =>
        client.SendAsync("DescribeThing", new DescribeThingRequest("t-1"), TestJsonContext.Default.DescribeThingRequest, TestJsonContext.Default.DescribeThingResponse, Ct);

    [Fact]
    public async Task Posts_a_signed_json_request_and_reads_the_response()
    {
        var (client, stub) = Create(_ => StubHttpHandler.Respond(HttpStatusCode.OK, """{"Name":"thing","Count":3,"Extra":true}"""));

        var response = await Send(client);

        Assert.Equal(new DescribeThingResponse("thing", 3), response);
        var sent = Assert.Single(stub.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("/", sent.Uri.AbsolutePath);
        Assert.Equal("RedshiftData.DescribeThing", sent.Headers["x-amz-target"]);
        Assert.Equal("application/x-amz-json-1.1", sent.Headers["content-type"]);
        Assert.Equal("""{"Id":"t-1"}""", sent.BodyText);
        Assert.Contains("x-amz-target", sent.Headers["authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_1_0_sets_its_content_type()
    {
        var (client, stub) = Create(_ => StubHttpHandler.Respond(HttpStatusCode.OK, ""), AwsJsonVersion.Json10);

        var response = await Send(client);

        Assert.Equal(new DescribeThingResponse(null, 0), response);
        Assert.Equal("application/x-amz-json-1.0", Assert.Single(stub.Requests).Headers["content-type"]);
    }

    [Fact]
    public async Task Error_type_header_wins_and_is_trimmed()
    {
        var (client, _) = Create(_ => StubHttpHandler.Respond(
            HttpStatusCode.BadRequest,
            """{"__type":"com.amazonaws.redshiftdata#Other","message":"Id is too long"}""",
            ("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
            ("x-amzn-RequestId", "req-123")));

        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => Send(client));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("req-123", error.RequestId);
        Assert.Equal(ErrorType.Sender, error.ErrorType);
        Assert.Contains("Id is too long", error.Message, StringComparison.Ordinal);
        Assert.False(TransientErrors.IsTransient(error));
    }

    [Fact]
    public async Task Body_type_is_used_without_the_header_and_throttling_is_transient()
    {
        var (client, _) = Create(_ => StubHttpHandler.Respond(
            HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.redshiftdata#ThrottlingException","Message":"Rate exceeded"}"""));

        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => Send(client));

        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.True(TransientErrors.IsTransient(error));
    }

    [Fact]
    public async Task Non_json_5xx_is_a_transient_receiver_error()
    {
        var (client, _) = Create(_ => StubHttpHandler.Respond(HttpStatusCode.BadGateway, "<html>bad gateway</html>"));

        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => Send(client));

        Assert.Null(error.ErrorCode);
        Assert.Equal(ErrorType.Receiver, error.ErrorType);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.True(TransientErrors.IsTransient(error));
    }

    [Fact]
    public async Task Malformed_success_body_is_reported_not_swallowed()
    {
        var (client, _) = Create(_ => StubHttpHandler.Respond(HttpStatusCode.OK, """{"Count":"three"}"""));

        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => Send(client));

        Assert.Equal("InvalidResponse", error.ErrorCode);
    }

    [Fact]
    public async Task Thin_client_does_not_retry()
    {
        var (client, stub) = Create(_ => StubHttpHandler.Respond(HttpStatusCode.ServiceUnavailable, "{}"));

        await Assert.ThrowsAsync<AmazonServiceException>(() => Send(client));

        Assert.Single(stub.Requests);
    }
}

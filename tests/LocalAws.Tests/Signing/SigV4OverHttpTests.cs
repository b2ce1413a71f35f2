using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using GapTools.LocalAws.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GapTools.LocalAws.Tests.Signing;

/// <summary>
/// Real SDK clients over real HTTP into Kestrel: proves <see cref="SignedRequestReader"/> captures what was signed
/// (raw target, headers) and that S3's aws-chunked uploads verify end to end.
/// </summary>
public sealed class SigV4OverHttpTests : IAsyncLifetime
{
    private const string Key = "reports/my file+plus ü €.csv";
    private readonly ConcurrentQueue<(SignedRequest Request, SigV4Result Result, string? BodyError)> _seen = new();
    private readonly ConcurrentDictionary<string, byte[]> _objects = new();
    private WebApplication? _app;
    private string _url = "";

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        var verifier = new SigV4Verifier(key => key == "test" ? "test" : null, TimeProvider.System);
        _app.Run(context => HandleAsync(context, verifier));
        await _app.StartAsync(TestContext.Current.CancellationToken);
        _url = _app.Urls.Single();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task S3_put_and_get_with_an_awkward_key_verify_including_chunk_signatures_and_checksum()
    {
        using var s3 = new AmazonS3Client(new BasicAWSCredentials("test", "test"),
            new AmazonS3Config { ServiceURL = _url, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var content = string.Concat(Enumerable.Repeat("id,name\n1,ü\n", 20_000));

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "my-bucket", Key = Key, ContentBody = content }, TestContext.Current.CancellationToken);
        using var get = await s3.GetObjectAsync("my-bucket", Key, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(get.ResponseStream);

        Assert.Equal(content, await reader.ReadToEndAsync(TestContext.Current.CancellationToken));
        Assert.All(_seen, s => Assert.True(s.Result.IsValid && s.BodyError is null, s.BodyError ?? s.Result.Message));
        var put = Assert.Single(_seen, s => s.Request.Method == "PUT").Request;
        Assert.Equal("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", put.Header("x-amz-content-sha256"));
        Assert.Equal("x-amz-checksum-crc32", put.Header("x-amz-trailer"));
        Assert.Contains(_seen, s => s.Request.RawPath == "/my-bucket/reports/my%20file%2Bplus%20%C3%BC%20%E2%82%AC.csv");
    }

    [Fact]
    public async Task Ssm_json_request_verifies_and_a_wrong_secret_does_not()
    {
        var config = new AmazonSimpleSystemsManagementConfig { ServiceURL = _url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 };
        using var good = new AmazonSimpleSystemsManagementClient(new BasicAWSCredentials("test", "test"), config);
        using var bad = new AmazonSimpleSystemsManagementClient(new BasicAWSCredentials("test", "wrong"), config);

        var response = await good.GetParameterAsync(new GetParameterRequest { Name = "/app/db" }, TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<AmazonServiceException>(() => bad.GetParameterAsync(new GetParameterRequest { Name = "/app/db" }, TestContext.Current.CancellationToken));

        Assert.Equal("v", response.Parameter.Value);
        Assert.Equal([SigV4Failure.None, SigV4Failure.SignatureMismatch], _seen.Select(s => s.Result.Failure));
        Assert.Equal("ssm", _seen.First().Result.Scope!.Service);
    }

    [Fact]
    public async Task Core_signing_handler_request_with_an_encoded_path_verifies()
    {
        using var handler = new SigV4SigningHandler(new BasicAWSCredentials("test", "test"), RegionEndpoint.USEast1, "redshift-data", new HttpClientHandler());
        using var http = new HttpClient(handler);
        using var content = new StringContent("{\"Sql\":\"select 1\"}", Encoding.UTF8, "application/x-amz-json-1.1");

        using var response = await http.PostAsync(new Uri(_url + "/a%3Ab/c%20d/"), content, TestContext.Current.CancellationToken);

        var (request, result, _) = Assert.Single(_seen);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal("/a%3Ab/c%20d/", request.RawPath);
        Assert.Contains("\n/a%253Ab/c%2520d/\n", result.CanonicalRequest, StringComparison.Ordinal);
    }

    private async Task HandleAsync(HttpContext context, SigV4Verifier verifier)
    {
        var request = await SignedRequestReader.ReadAsync(context.Request, context.RequestAborted);
        var result = verifier.Verify(request);
        var (payload, bodyError) = result.IsValid ? DecodeBody(request, verifier) : (request.Body.ToArray(), null);
        _seen.Enqueue((request, result, bodyError));
        if (!result.IsValid || bodyError is not null)
        {
            context.Response.StatusCode = (int)HttpStatusCode.Forbidden;
            return;
        }

        var scope = result.Scope!;
        switch (scope.Service, request.Method)
        {
            case ("s3", "PUT"):
                _objects[request.RawPath] = payload;
                context.Response.Headers.ETag = "\"1\"";
                break;
            case ("s3", "GET"):
                await context.Response.Body.WriteAsync(_objects[request.RawPath], context.RequestAborted);
                break;
            case ("ssm", _):
                context.Response.ContentType = "application/x-amz-json-1.1";
                await context.Response.WriteAsync("{\"Parameter\":{\"Name\":\"/app/db\",\"Type\":\"String\",\"Value\":\"v\",\"Version\":1}}", context.RequestAborted);
                break;
        }
    }

    private static (byte[] Payload, string? Error) DecodeBody(SignedRequest request, SigV4Verifier verifier)
    {
        if (!AwsChunkedDecoder.IsAwsChunked(request))
        {
            return (request.Body.ToArray(), null);
        }

        var length = request.Header("x-amz-decoded-content-length") is { } text ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : (long?)null;
        if (!AwsChunkedDecoder.TryDecode(request.Body.Span, length, out var decoded, out var error))
        {
            return ([], error);
        }

        var chunks = verifier.VerifyChunkSignatures(request, decoded);
        return (decoded.Payload, chunks.IsValid ? AwsChecksum.Verify(decoded.Payload, decoded.Trailers) : chunks.Message);
    }
}

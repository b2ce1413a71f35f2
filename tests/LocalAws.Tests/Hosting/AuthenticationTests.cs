using System.Net;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using GapTools.LocalAws.Ssm;

namespace GapTools.LocalAws.Tests.Hosting;

/// <summary>Every request is SigV4-verified by the endpoint; bad credentials get AWS's error, once.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private LocalAwsServer server = null!;

    public async ValueTask InitializeAsync()
    {
        server = await LocalAwsServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.State.Ssm.Put("/app/name", "value");
    }

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private AmazonSimpleSystemsManagementClient Client(string accessKey, string secretKey, int retries) =>
        new(new BasicAWSCredentials(accessKey, secretKey), new AmazonSimpleSystemsManagementConfig
        {
            ServiceURL = server.ServiceUrl.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = retries,
        });

    [Fact]
    public async Task A_wrong_secret_is_refused_with_InvalidSignatureException_once()
    {
        // GapTools clients run with SDK retries off (Polly is the one retry layer and classifies this as permanent).
        using var client = Client("test", "not-the-secret", retries: 0);

        var error = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(
            () => client.GetParameterAsync(new GetParameterRequest { Name = "/app/name" }, TestContext.Current.CancellationToken));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.DoesNotContain("not-the-secret", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests.Count("ssm", "GetParameter"));
    }

    [Fact]
    public async Task An_unknown_access_key_is_refused_with_UnrecognizedClientException()
    {
        using var client = Client("AKIDUNKNOWN", "whatever", retries: 0);

        var error = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(
            () => client.GetParameterAsync(new GetParameterRequest { Name = "/app/name" }, TestContext.Current.CancellationToken));

        Assert.Equal("UnrecognizedClientException", error.ErrorCode);
    }

    [Fact]
    public async Task Credentials_added_at_run_time_are_accepted_and_removed_ones_refused()
    {
        server.Credentials["AKIDROTATED"] = "rotated-secret";
        using var client = Client("AKIDROTATED", "rotated-secret", retries: 0);
        var response = await client.GetParameterAsync(new GetParameterRequest { Name = "/app/name" }, TestContext.Current.CancellationToken);
        Assert.Equal("value", response.Parameter.Value);

        server.Credentials.TryRemove("AKIDROTATED", out _);
        await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(
            () => client.GetParameterAsync(new GetParameterRequest { Name = "/app/name" }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_unsigned_request_is_refused()
    {
        using var http = new HttpClient();
        using var content = new StringContent("{}");
        content.Headers.ContentType = new("application/x-amz-json-1.1");
        using var request = new HttpRequestMessage(HttpMethod.Post, server.ServiceUrl) { Content = content };
        request.Headers.Add("X-Amz-Target", "AmazonSSM.GetParameter");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("MissingAuthenticationToken", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}

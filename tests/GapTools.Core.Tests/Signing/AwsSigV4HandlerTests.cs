using System.Net.Http.Headers;
using System.Text;
using Amazon.Runtime;
using GapTools.Core.Signing;
using GapTools.Core.Tests.Fakes;

namespace GapTools.Core.Tests.Signing;

public sealed class AwsSigV4HandlerTests : IDisposable
{
    private static readonly DateTimeOffset SignedAt = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly StubHttpHandler _stub = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _stub.Dispose();

    private HttpClient Client(AWSCredentials credentials, string region = "eu-west-3", string service = "redshift-data") =>
        new(new AwsSigV4Handler(credentials, region, service, new ManualTimeProvider(SignedAt)) { InnerHandler = _stub });

    private static string Expected(RecordedRequest request, string accessKey, string secretKey, string region, string service, params string[] signed)
    {
        var headers = signed.ToDictionary(h => h, h => h == "host" ? request.Uri.Authority : request.Headers[h]);
        return ReferenceSigV4.Authorization(
            request.Method.Method, request.Uri, headers, request.Body, accessKey, secretKey, region, service, ReferenceSigV4.AmzDate(SignedAt));
    }

    [Fact]
    public async Task Json_post_signature_matches_an_independent_computation()
    {
        using var client = Client(new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:4566/")
        {
            Content = new StringContent("""{"Sql":"select 1"}""", Encoding.UTF8, new MediaTypeHeaderValue("application/x-amz-json-1.1")),
        };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "RedshiftData.ExecuteStatement");
        request.Headers.UserAgent.ParseAdd("gaptools/0.1");

        using var response = await client.SendAsync(request, Ct);

        var sent = Assert.Single(_stub.Requests);
        Assert.Equal("20240102T030405Z", sent.Headers["x-amz-date"]);
        Assert.Equal(ReferenceSigV4.Hex(System.Security.Cryptography.SHA256.HashData(sent.Body)), sent.Headers["x-amz-content-sha256"]);
        Assert.Equal(
            Expected(sent, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "eu-west-3", "redshift-data",
                "content-type", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-target"),
            sent.Headers["authorization"]);
    }

    [Fact]
    public async Task Query_string_get_signature_matches_an_independent_computation()
    {
        using var client = Client(new BasicAWSCredentials("AKID", "SECRET"), "us-east-1", "cloudsearch");

        using var response = await client.GetAsync(
            "https://search-movies-abc.us-east-1.cloudsearch.amazonaws.com/2013-01-01/search?q=star%20wars&size=10&format=json", Ct);

        var sent = Assert.Single(_stub.Requests);
        Assert.Equal(
            Expected(sent, "AKID", "SECRET", "us-east-1", "cloudsearch", "host", "x-amz-content-sha256", "x-amz-date"),
            sent.Headers["authorization"]);
    }

    [Fact]
    public async Task Session_token_is_sent_and_signed()
    {
        using var client = Client(new SessionAWSCredentials("ASIAKEY", "SECRET", "SESSION-TOKEN"));

        using var response = await client.PostAsync("http://127.0.0.1:4566/", new StringContent("{}"), Ct);

        var sent = Assert.Single(_stub.Requests);
        Assert.Equal("SESSION-TOKEN", sent.Headers["x-amz-security-token"]);
        Assert.Equal(
            Expected(sent, "ASIAKEY", "SECRET", "eu-west-3", "redshift-data",
                "content-type", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token"),
            sent.Headers["authorization"]);
    }

    [Fact]
    public async Task Credentials_are_asked_for_on_every_request()
    {
        var rotating = new RotatingCredentials();
        using var client = Client(rotating);

        using var first = await client.PostAsync("http://127.0.0.1:4566/", new StringContent("{}"), Ct);
        using var second = await client.PostAsync("http://127.0.0.1:4566/", new StringContent("{}"), Ct);

        var authorizations = _stub.Requests.Select(r => r.Headers["authorization"]).ToList();
        Assert.Contains("Credential=KEY1/20240102/eu-west-3/redshift-data/aws4_request", authorizations[0], StringComparison.Ordinal);
        Assert.Contains("Credential=KEY2/20240102/eu-west-3/redshift-data/aws4_request", authorizations[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsigned_headers_stay_out_of_the_signature()
    {
        using var client = Client(new BasicAWSCredentials("AKID", "SECRET"));
        client.DefaultRequestHeaders.UserAgent.ParseAdd("gaptools/0.1");
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        using var response = await client.PostAsync("http://127.0.0.1:4566/", new StringContent("{}"), Ct);

        Assert.Contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,", Assert.Single(_stub.Requests).Headers["authorization"], StringComparison.Ordinal);
    }

    private sealed class RotatingCredentials : AWSCredentials
    {
        private int _calls;

        public override ImmutableCredentials GetCredentials()
        {
            var n = Interlocked.Increment(ref _calls);
            return new ImmutableCredentials($"KEY{n}", $"SECRET{n}", null);
        }
    }
}

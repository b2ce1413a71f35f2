using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using GapTools.LocalAws.Signing;

namespace GapTools.LocalAws.Tests.Signing;

/// <summary>Signs requests with the AWS SDK's own signers and turns them into what an HTTP server receives.</summary>
internal static class SdkSigning
{
    public const string AccessKeyId = "test";
    public const string Secret = "test";
    public static readonly DateTime SignedAt = new(2026, 11, 23, 17, 0, 0, DateTimeKind.Utc);

    public static DefaultRequest NewRequest(string method, string resourcePath, string endpoint = "http://127.0.0.1:4566") =>
        new(new StubRequest(), "Test") { HttpMethod = method, Endpoint = new Uri(endpoint), ResourcePath = resourcePath };

    public static DefaultRequest Sign(DefaultRequest request, string service, string secret = Secret)
    {
        var result = new AWS4Signer().SignRequest(request, new StubConfig(service, request.Endpoint), null, AccessKeyId, secret, SignedAt);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;
        return request;
    }

    public static (DefaultRequest Request, AWS4SigningResult Result) SignWithResult(DefaultRequest request, string service)
    {
        var result = new AWS4Signer().SignRequest(request, new StubConfig(service, request.Endpoint), null, AccessKeyId, Secret, SignedAt);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;
        return (request, result);
    }

    public static Uri Presign(DefaultRequest request, string service, TimeSpan expires)
    {
        request.Parameters["X-Amz-Expires"] = ((int)expires.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = AWS4PreSignedUrlSigner.SignRequest(
            request, new StubConfig(service, request.Endpoint), null, AccessKeyId, Secret, service, "us-east-1", SignedAt);
        var url = AmazonServiceClient.ComposeUrl(request).AbsoluteUri;
        return new Uri(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + result.ForQueryParameters);
    }

    /// <summary>
    /// What HttpClient puts on the wire: the SDK's composed URL as <see cref="Uri"/> escapes it, the SDK's headers
    /// plus the ones HttpClient adds unsigned (User-Agent; Content-Length when the SDK did not set one).
    /// </summary>
    public static SignedRequest ToWire(DefaultRequest request, byte[]? body = null) => ToWire(AmazonServiceClient.ComposeUrl(request), request, body);

    public static SignedRequest ToWire(Uri url, DefaultRequest request, byte[]? body = null)
    {
        body ??= request.Content ?? [];
        var (path, query) = SignedRequestReader.SplitTarget(url.PathAndQuery);
        var headers = request.Headers.ToList();
        headers.Add(new("User-Agent", "aws-sdk-dotnet-coreclr/4.1.0"));
        if (body.Length > 0 && !request.Headers.ContainsKey("Content-Length"))
        {
            headers.Add(new("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new SignedRequest(request.HttpMethod, path, query, headers) { Body = body };
    }

    public static SigV4Verifier Verifier(DateTimeOffset? now = null) =>
        new(key => key == AccessKeyId ? Secret : null, new Fakes.FixedTimeProvider(now ?? SignedAt));

    private sealed class StubRequest : AmazonWebServiceRequest;

    /// <summary>Just enough client configuration for the signer: service name, region, endpoint.</summary>
    private sealed class StubConfig : ClientConfig
    {
        private readonly string _service;

        public StubConfig(string service, Uri endpoint)
            : base(new DefaultConfigurationProvider([new DefaultConfiguration { Name = DefaultConfigurationMode.Standard }]))
        {
            _service = service;
            AuthenticationServiceName = service;
            AuthenticationRegion = "us-east-1";
            ServiceURL = endpoint.GetLeftPart(UriPartial.Authority);
        }

        public override string ServiceVersion => "2006-03-01";

        public override string UserAgent => "test";

        public override string RegionEndpointServiceName => _service;

        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) => new(ServiceURL);
    }
}

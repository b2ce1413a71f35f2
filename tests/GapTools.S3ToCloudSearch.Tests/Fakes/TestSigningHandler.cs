using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.S3;

namespace GapTools.S3ToCloudSearch.Tests.Fakes;

/// <summary>Signs requests with the AWS SDK's own SigV4 signer (service "cloudsearch"), standing in until Core's handler is merged.</summary>
internal sealed class TestSigningHandler(BasicAWSCredentials credentials) : DelegatingHandler(new HttpClientHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var body = message.Content is null ? [] : await message.Content.ReadAsByteArrayAsync(cancellationToken);
        var uri = message.RequestUri!;
        var request = new DefaultRequest(new NoRequest(), "cloudsearch")
        {
            HttpMethod = message.Method.Method,
            Endpoint = new Uri(uri.GetLeftPart(UriPartial.Authority)),
            ResourcePath = uri.AbsolutePath,
            Content = body,
            AuthenticationRegion = "us-east-1",
            OverrideSigningServiceName = "cloudsearch",
            UseQueryString = true,
        };
        request.Parameters["format"] = "sdk";
        request.Headers["Host"] = uri.Authority;
        request.Headers["Content-Type"] = message.Content!.Headers.ContentType!.ToString();
        var config = new AmazonS3Config { ServiceURL = request.Endpoint.ToString(), AuthenticationRegion = "us-east-1", AuthenticationServiceName = "cloudsearch" };
        var identity = credentials.GetCredentials();
        var signature = new AWS4Signer().SignRequest(request, config, null, identity.AccessKey, identity.SecretKey);
        message.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
        foreach (var (name, value) in request.Headers)
        {
            if (name is not ("Host" or "Content-Type" or "Content-Length"))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await base.SendAsync(message, cancellationToken);
    }

    private sealed class NoRequest : AmazonWebServiceRequest;
}

using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SQS;

namespace GapTools.LocalAws.Tests.Support;

/// <summary>
/// Signs raw HttpRequestMessages with the AWS SDK's own SigV4 signer, for protocols tests drive by hand
/// (CloudSearch documents, query-protocol SQS).
/// </summary>
internal static class TestRequestSigner
{
    public static async Task<HttpRequestMessage> SignAsync(HttpRequestMessage message, string service, string accessKey = "test", string secretKey = "test")
    {
        var body = message.Content is null ? [] : await message.Content.ReadAsByteArrayAsync();
        var uri = message.RequestUri!;
        var request = new DefaultRequest(new NoRequest(), service)
        {
            HttpMethod = message.Method.Method,
            Endpoint = new Uri(uri.GetLeftPart(UriPartial.Authority)),
            ResourcePath = uri.AbsolutePath,
            Content = body,
            AuthenticationRegion = "us-east-1",
            OverrideSigningServiceName = service,
        };
        foreach (var part in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            request.Parameters[Uri.UnescapeDataString(pair[0])] = pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : "";
        }

        request.UseQueryString = uri.Query.Length > 1;
        request.Headers["Host"] = uri.Authority;
        if (message.Content?.Headers.ContentType is { } contentType)
        {
            request.Headers["Content-Type"] = contentType.ToString();
        }

        // Any client config serves: the signer reads only the region and the signing service name from it.
        var config = new AmazonSQSConfig { ServiceURL = request.Endpoint.ToString(), AuthenticationRegion = "us-east-1", AuthenticationServiceName = service };
        var signature = new AWS4Signer().SignRequest(request, config, null, accessKey, secretKey);
        message.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
        foreach (var (name, value) in request.Headers)
        {
            if (name is "Host" or "Content-Type" or "Content-Length")
            {
                continue;
            }

            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    private sealed class NoRequest : AmazonWebServiceRequest;
}

using System.Net;
using System.Text;
using System.Xml.Linq;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace GapTools.LocalAws.Tests.Sqs;

/// <summary>
/// A bare query-protocol SQS client (what older SDKs and CLIs send): a form POST signed with AWSSDK.Core's
/// SigV4 signer, answered in XML. No SQS SDK marshalling is involved.
/// </summary>
internal sealed class SqsQueryClient(Uri serviceUrl, string accessKey, string secretKey) : IDisposable
{
    public static readonly XNamespace Ns = "http://queue.amazonaws.com/doc/2012-11-05/";

    // Content headers travel on the content; HttpClient writes Host itself (same value the signer used).
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "Content-Type", "Content-Length", "Host" };

    private readonly HttpClient http = new();

    public async Task<(HttpStatusCode Status, XElement Root)> PostAsync(string path, params (string Name, string Value)[] parameters)
    {
        var form = string.Join('&', parameters.Prepend(("Version", "2012-11-05"))
            .Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
        var body = Encoding.UTF8.GetBytes(form);
        var endpoint = new Uri(serviceUrl, path);

        // The signer only needs the endpoint, method, headers and body; the SDK request type just names the service.
        var signed = new DefaultRequest(new ReceiveMessageRequest(), "AmazonSQS")
        {
            HttpMethod = "POST",
            Endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority)),
            ResourcePath = endpoint.AbsolutePath,
            Content = body,
            OverrideSigningServiceName = "sqs",
        };
        signed.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
        var config = new AmazonSQSConfig { ServiceURL = serviceUrl.ToString(), AuthenticationRegion = "us-east-1" };
        var signature = new AWS4Signer().SignRequest(signed, config, new RequestMetrics(), accessKey, secretKey);

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", signed.Headers["Content-Type"]);
        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
        foreach (var (name, value) in signed.Headers.Where(h => !Skipped.Contains(h.Key)))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var xml = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, XElement.Parse(xml));
    }

    public void Dispose() => http.Dispose();
}

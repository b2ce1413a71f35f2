using System.Net;
using System.Text;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SQS;

namespace GapTools.LocalAws.Tests.Redshift.ControlPlane;

/// <summary>An AWS error answered in the query protocol's XML.</summary>
internal sealed class RedshiftQueryException(HttpStatusCode status, string code, string message) : Exception($"{(int)status} {code}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    public string Code { get; } = code;

    public string ErrorMessage { get; } = message;
}

/// <summary>
/// Calls the Redshift control plane the way the SDKs do (AWSSDK.Redshift is not available here): a form-encoded
/// POST signed with AWSSDK.Core's own SigV4 signer for the <c>redshift</c> service.
/// </summary>
internal sealed class RedshiftQueryClient(Uri serviceUrl, string accessKey = "test", string secretKey = "test") : IDisposable
{
    public static readonly XNamespace Ns = "http://redshift.amazonaws.com/doc/2012-12-01/";

    private readonly HttpClient http = new();

    /// <summary>Returns the <c>&lt;ActionResult&gt;</c> element; throws <see cref="RedshiftQueryException"/> for an error.</summary>
    public async Task<XElement> CallAsync(string action, params (string Name, string Value)[] parameters)
    {
        var form = string.Join('&', new[] { ("Action", action), ("Version", "2012-12-01") }.Concat(parameters)
            .Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
        var body = Encoding.UTF8.GetBytes(form);
        using var message = new HttpRequestMessage(HttpMethod.Post, serviceUrl)
        {
            Content = new ByteArrayContent(body),
        };
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        Sign(message, body);

        using var response = await http.SendAsync(message, TestContext.Current.CancellationToken);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        if (!response.IsSuccessStatusCode)
        {
            var error = xml.Descendants().First(e => e.Name.LocalName == "Error");
            throw new RedshiftQueryException(
                response.StatusCode,
                error.Elements().First(e => e.Name.LocalName == "Code").Value,
                error.Elements().First(e => e.Name.LocalName == "Message").Value);
        }

        Assert.Equal(Ns + $"{action}Response", xml.Root!.Name);
        Assert.NotEmpty(xml.Root.Element(Ns + "ResponseMetadata")!.Element(Ns + "RequestId")!.Value);
        return xml.Root.Element(Ns + $"{action}Result")!;
    }

    public void Dispose() => http.Dispose();

    private void Sign(HttpRequestMessage message, byte[] body)
    {
        var uri = message.RequestUri!;
        var request = new DefaultRequest(new NoRequest(), "redshift")
        {
            HttpMethod = "POST",
            Endpoint = new Uri(uri.GetLeftPart(UriPartial.Authority)),
            ResourcePath = uri.AbsolutePath,
            Content = body,
            AuthenticationRegion = "us-east-1",
            OverrideSigningServiceName = "redshift",
        };
        request.Headers["Host"] = uri.Authority;
        request.Headers["Content-Type"] = message.Content!.Headers.ContentType!.ToString();

        // Any client config serves: the signer reads only the region and the service name from it.
        var config = new AmazonSQSConfig { ServiceURL = request.Endpoint.ToString(), AuthenticationRegion = "us-east-1", AuthenticationServiceName = "redshift" };
        var signature = new AWS4Signer().SignRequest(request, config, null, accessKey, secretKey);
        message.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
        foreach (var (name, value) in request.Headers)
        {
            if (name is not ("Host" or "Content-Type" or "Content-Length"))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }
    }

    private sealed class NoRequest : AmazonWebServiceRequest;
}

using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;

namespace GapTools.Core.Signing;

/// <summary>
/// Calls an AWS query-protocol service (form POST <c>Action=...&amp;Version=...</c>, XML response) through an
/// <see cref="HttpClient"/> that signs (see <see cref="AwsSigV4Handler"/>). Does not retry: wrap calls in a
/// pipeline from <c>ResiliencePipelines</c>. Errors are thrown as <see cref="AmazonServiceException"/>.
/// </summary>
public sealed class AwsQueryProtocolClient
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _apiVersion;

    /// <param name="httpClient">A client whose handler chain signs requests.</param>
    /// <param name="endpoint">Service endpoint, for example from <see cref="AwsEndpoints.Resolve(string, string, string?)"/>.</param>
    /// <param name="apiVersion">The API version, for example <c>2012-12-01</c> for Redshift.</param>
    public AwsQueryProtocolClient(HttpClient httpClient, Uri endpoint, string apiVersion)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiVersion);
        _http = httpClient;
        _endpoint = endpoint;
        _apiVersion = apiVersion;
    }

    /// <summary>
    /// Sends <paramref name="action"/> with <paramref name="parameters"/> (already flattened, for example
    /// <c>Tags.member.1.Key</c>) and returns the <c>&lt;ActionResult&gt;</c> element, or the response root when
    /// the action has no result element.
    /// </summary>
    /// <exception cref="AmazonServiceException">The service returned an error (ErrorCode/StatusCode/RequestId/ErrorType set).</exception>
    public async Task<XElement> SendAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentNullException.ThrowIfNull(parameters);

        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", _apiVersion) };
        form.AddRange(parameters);
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new FormUrlEncodedContent(form) };

        using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var root = await TryLoadAsync(body, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw AwsErrorResponses.FromXml(action, response.StatusCode, response.Headers, root);
            }

            if (root is null)
            {
                throw new AmazonServiceException($"{action} returned a response that is not XML", ErrorType.Unknown, "InvalidResponse", null, response.StatusCode);
            }

            return root.Elements().FirstOrDefault(e => e.Name.LocalName == $"{action}Result") ?? root;
        }
    }

    private static async Task<XElement?> TryLoadAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            // No DTDs, no external resolution: the body comes from the network.
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, Async = true };
            using var reader = XmlReader.Create(body, settings);
            var document = await XDocument.LoadAsync(reader, LoadOptions.None, cancellationToken).ConfigureAwait(false);
            return document.Root;
        }
        catch (XmlException)
        {
            // Not XML (a proxy's HTML page, an empty body): status and headers still classify it.
            return null;
        }
    }
}

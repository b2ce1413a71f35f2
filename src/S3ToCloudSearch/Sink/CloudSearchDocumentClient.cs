using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace GapTools.S3ToCloudSearch.Sink;

/// <summary>
/// A thin client for one domain's document service (<c>POST {endpoint}/2013-01-01/documents/batch</c>, REST-JSON,
/// signing name <c>cloudsearch</c>) over a shared <see cref="HttpClient"/> whose handler signs. Does not retry.
/// </summary>
internal sealed class CloudSearchDocumentClient : ICloudSearchDocuments
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient http;
    private readonly Uri batchUri;

    public CloudSearchDocumentClient(HttpClient http, Uri endpoint)
    {
        this.http = http;
        Endpoint = endpoint;
        // A path on the endpoint is kept: a proxy or emulator may serve several domains under prefixes.
        batchUri = new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/2013-01-01/documents/batch?format=sdk");
    }

    public Uri Endpoint { get; }

    public async Task<UploadDocumentsResponse> UploadDocumentsAsync(UploadDocumentsRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, batchUri) { Content = new ReadOnlyMemoryContent(request.Documents) };
        message.Content.Headers.ContentType = request.ContentType == "application/json" ? Json : new MediaTypeHeaderValue(request.ContentType);
        using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? ReadResponse(body, response) : throw ReadError(body, response);
    }

    private static UploadDocumentsResponse ReadResponse(byte[] body, HttpResponseMessage response)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return new UploadDocumentsResponse
            {
                Status = String(root, "status"),
                Adds = Number(root, "adds"),
                Deletes = Number(root, "deletes"),
                Warnings = Messages(root, "warnings"),
            };
        }
        catch (JsonException)
        {
            throw new DocumentServiceException("UploadDocuments returned a response that is not JSON", "InvalidResponse", RequestId(response), response.StatusCode, []);
        }
    }

    // Error bodies: {"status":"error","message":"…","errors":[{"message":"…"}]} for document errors, or the REST-JSON
    // error shape ({"__type"/"message"}, x-amzn-ErrorType) for the rest; proxies may send anything at all.
    private static DocumentServiceException ReadError(byte[] body, HttpResponseMessage response)
    {
        string? code = null;
        string? text = null;
        IReadOnlyList<string> errors = [];
        if (response.Headers.TryGetValues("x-amzn-ErrorType", out var types))
        {
            code = types.First().Split(':')[0];
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                code ??= String(root, "__type") ?? String(root, "code");
                code = code?[(code.LastIndexOf('#') + 1)..];
                text = String(root, "message") ?? String(root, "Message");
                errors = Messages(root, "errors");
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page): the status alone classifies it.
        }

        var status = (int)response.StatusCode;
        return new DocumentServiceException(
            $"UploadDocuments failed: HTTP {status} {code ?? "error"}: {Truncate(text ?? response.ReasonPhrase ?? "")}",
            code,
            RequestId(response),
            response.StatusCode,
            errors);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;

    private static string[] Messages(JsonElement element, string name) =>
        element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object ? String(e, "message") : null).OfType<string>().ToArray()
            : [];

    private static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;

    private static string Truncate(string text) => text.Length <= 512 ? text : text[..512] + "…";
}

using System.Net;
using System.Text.Json.Nodes;
using GapTools.LocalAws.Protocols;
using GapTools.LocalAws.Routing;

namespace GapTools.LocalAws.CloudSearch;

/// <summary>
/// The CloudSearch document service (<c>POST /2013-01-01/documents/batch</c>, signing name <c>cloudsearch</c>).
/// A domain is chosen by a path prefix (<c>/{domain}/2013-01-01/…</c>) or a <c>doc-{domain}-…</c> host name;
/// neither means the "default" domain. Only JSON batches are emulated.
/// </summary>
internal sealed class CloudSearchDocumentService(CloudSearchStore store) : IAwsService
{
    public const string UploadDocuments = "UploadDocuments";
    private const string BatchPath = "/2013-01-01/documents/batch";

    public IReadOnlyCollection<string> SigningNames { get; } = ["cloudsearch"];

    public string ResolveOperation(AwsRequest request)
    {
        if (!request.Path.EndsWith(BatchPath, StringComparison.Ordinal))
        {
            throw new AwsErrorException("IncorrectPath", "URL path does not match '/YYYY-MM-DD/documents/batch'.", HttpStatusCode.NotFound);
        }

        return request.Method == "POST"
            ? UploadDocuments
            : throw new AwsErrorException("InvalidHttpMethod", "Requests must be posted to documents/batch.", HttpStatusCode.MethodNotAllowed);
    }

    public Task<AwsResponse> HandleAsync(AwsRequest request, string operation)
    {
        var domain = ResolveDomain(request);
        CheckContentType(request.Header("Content-Type"));
        if (request.Body.Length > SdfBatchValidator.MaxBatchBytes)
        {
            domain.CountRejected();
            throw new AwsErrorException("RequestTooLarge",
                $"The request body is {request.Body.Length} bytes; the maximum batch size is {SdfBatchValidator.MaxBatchBytes} bytes.",
                HttpStatusCode.RequestEntityTooLarge);
        }

        var (operations, errors) = SdfBatchValidator.Validate(request.Body);
        if (errors.Count > 0)
        {
            domain.CountRejected();
            return Task.FromResult(ErrorResponse(errors));
        }

        domain.Apply(request.Body, operations);
        var adds = operations.Count(o => o.Fields is not null);
        var body = new JsonObject { ["status"] = "success", ["adds"] = adds, ["deletes"] = operations.Count - adds };
        return Task.FromResult(new AwsResponse
        {
            ContentType = "application/json",
            Body = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()),
        });
    }

    // Status "error" with adds/deletes zero: the whole batch is rejected, as the service does.
    private static AwsResponse ErrorResponse(IReadOnlyList<string> errors)
    {
        var body = new JsonObject
        {
            ["status"] = "error",
            ["adds"] = 0,
            ["deletes"] = 0,
            ["message"] = SdfBatchValidator.Describe(errors),
            ["errors"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject { ["message"] = e }).ToArray()),
        };
        var response = new AwsResponse
        {
            Status = HttpStatusCode.BadRequest,
            ContentType = "application/json",
            Body = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()),
        };
        response.Headers["x-amzn-ErrorType"] = "DocumentServiceException";
        return response;
    }

    private static void CheckContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            throw new AwsErrorException("NoContentType", "The Content-Type header is missing.");
        }

        var parts = contentType.Split(';', StringSplitOptions.TrimEntries);
        if (!parts[0].Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new AwsErrorException("InvalidContentType",
                $"Content-Type '{parts[0]}' is not supported: LocalAws emulates JSON batches (application/json) only.",
                HttpStatusCode.UnsupportedMediaType);
        }

        var charset = parts.Skip(1).FirstOrDefault(p => p.StartsWith("charset=", StringComparison.OrdinalIgnoreCase))?["charset=".Length..];
        if (charset is not null && !charset.Trim('"').ToUpperInvariant().Equals("UTF-8", StringComparison.Ordinal)
            && !charset.Trim('"').Equals("ascii", StringComparison.OrdinalIgnoreCase)
            && !charset.Trim('"').Equals("iso-8859-1", StringComparison.OrdinalIgnoreCase))
        {
            throw new AwsErrorException("InvalidCharacterSet", $"Character set '{charset}' is not ASCII, ISO-8859-1 or UTF-8.", HttpStatusCode.UnsupportedMediaType);
        }
    }

    private CloudSearchDomainState ResolveDomain(AwsRequest request)
    {
        var prefix = request.Path[..^BatchPath.Length].Trim('/');
        var name = prefix.Length > 0 ? prefix : DomainFromHost(request.Header("Host")) ?? CloudSearchStore.DefaultDomain;
        return store.TryGetDomain(name, out var domain)
            ? domain
            : throw new AwsErrorException("IncorrectPath", $"No search domain '{name}' on this endpoint.", HttpStatusCode.NotFound);
    }

    // doc-movies-abc123xyz.us-east-1.cloudsearch.amazonaws.com → "movies"
    private static string? DomainFromHost(string? host)
    {
        if (host is null || !host.StartsWith("doc-", StringComparison.Ordinal))
        {
            return null;
        }

        var label = host.Split('.')[0][4..];
        var dash = label.LastIndexOf('-');
        return dash > 0 ? label[..dash] : null;
    }
}

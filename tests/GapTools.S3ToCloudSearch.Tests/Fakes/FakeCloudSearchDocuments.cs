using System.Net;
using System.Text.Json.Nodes;
using GapTools.S3ToCloudSearch.Sink;

namespace GapTools.S3ToCloudSearch.Tests.Fakes;

/// <summary>Answers uploads from a script; records every batch it saw (as the ids in it).</summary>
internal sealed class FakeCloudSearchDocuments(Func<string[], Exception?> answer) : ICloudSearchDocuments
{
    public List<string[]> Uploads { get; } = [];

    public Uri Endpoint { get; } = new("http://fake.invalid/");

    public Task<UploadDocumentsResponse> UploadDocumentsAsync(UploadDocumentsRequest request, CancellationToken cancellationToken)
    {
        var ids = JsonNode.Parse(request.Documents.Span)!.AsArray().Select(d => (string)d!["id"]!).ToArray();
        Uploads.Add(ids);
        return answer(ids) is { } error
            ? Task.FromException<UploadDocumentsResponse>(error)
            : Task.FromResult(new UploadDocumentsResponse { Status = "success", Adds = ids.Length });
    }

    public static DocumentServiceException Refusal(params string[] errors) =>
        new("refused", "DocumentServiceException", null, HttpStatusCode.BadRequest, errors);

    public static DocumentServiceException Unavailable() =>
        new("unavailable", "ServiceUnavailable", null, HttpStatusCode.ServiceUnavailable, []);

    public static DocumentServiceException TooLarge() =>
        new("too large", "RequestTooLarge", null, HttpStatusCode.RequestEntityTooLarge, []);
}

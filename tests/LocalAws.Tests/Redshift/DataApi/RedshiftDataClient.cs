using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GapTools.LocalAws.Tests.Support;

namespace GapTools.LocalAws.Tests.Redshift.DataApi;

/// <summary>An AWS error answered by the Data API, with the whole JSON body (StatementId, ResourceId, …).</summary>
internal sealed class RedshiftDataException(HttpStatusCode status, string code, string message, JsonObject body)
    : Exception($"{(int)status} {code}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    public string Code { get; } = code;

    public string ErrorMessage { get; } = message;

    public JsonObject Body { get; } = body;
}

/// <summary>
/// Calls the Redshift Data API as the SDKs do (AWSSDK.RedshiftDataAPIService is not available here): a JSON 1.1
/// POST with <c>X-Amz-Target: RedshiftData.&lt;Operation&gt;</c>, signed with AWSSDK.Core's SigV4 signer.
/// </summary>
internal sealed class RedshiftDataClient(Uri serviceUrl, string accessKey = "test", string secretKey = "test") : IDisposable
{
    private readonly HttpClient http = new();

    public async Task<JsonObject> CallAsync(string operation, JsonObject request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, serviceUrl)
        {
            Content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        message.Headers.TryAddWithoutValidation("X-Amz-Target", "RedshiftData." + operation);
        await TestRequestSigner.SignAsync(message, "redshift-data", accessKey, secretKey);

        using var response = await http.SendAsync(message, TestContext.Current.CancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        if (!response.IsSuccessStatusCode)
        {
            var code = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First() : (string)body["__type"]!;
            throw new RedshiftDataException(response.StatusCode, code, (string?)body["message"] ?? "", body);
        }

        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    public void Dispose() => http.Dispose();
}

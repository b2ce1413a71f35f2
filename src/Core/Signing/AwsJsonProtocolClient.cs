using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;

namespace GapTools.Core.Signing;

/// <summary>
/// Calls an AWS JSON-protocol service (POST <c>/</c> with <c>X-Amz-Target: Prefix.Operation</c>) through an
/// <see cref="HttpClient"/> that signs (see <see cref="AwsSigV4Handler"/>). Does not retry: wrap calls in a
/// pipeline from <c>ResiliencePipelines</c>. Errors are thrown as <see cref="AmazonServiceException"/>.
/// </summary>
public sealed class AwsJsonProtocolClient
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _targetPrefix;
    private readonly MediaTypeHeaderValue _contentType;

    /// <param name="httpClient">A client whose handler chain signs requests.</param>
    /// <param name="endpoint">Service endpoint, for example from <see cref="AwsEndpoints.Resolve(string, string, string?)"/>.</param>
    /// <param name="targetPrefix">The <c>X-Amz-Target</c> prefix, for example <c>RedshiftData</c>.</param>
    /// <param name="version">JSON protocol version. Defaults to 1.1.</param>
    public AwsJsonProtocolClient(HttpClient httpClient, Uri endpoint, string targetPrefix, AwsJsonVersion version = AwsJsonVersion.Json11)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetPrefix);
        _http = httpClient;
        _endpoint = endpoint;
        _targetPrefix = targetPrefix;
        _contentType = new MediaTypeHeaderValue(version == AwsJsonVersion.Json10 ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1");
    }

    /// <summary>Sends <paramref name="operation"/> and reads its response; type infos come from a source-generated context (AOT).</summary>
    /// <exception cref="AmazonServiceException">The service returned an error (ErrorCode/StatusCode/RequestId set).</exception>
    public async Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        ArgumentNullException.ThrowIfNull(requestType);
        ArgumentNullException.ThrowIfNull(responseType);

        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        message.Headers.TryAddWithoutValidation("X-Amz-Target", $"{_targetPrefix}.{operation}");
        message.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, requestType));
        message.Content.Headers.ContentType = _contentType;

        using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw AwsErrorResponses.FromJson(operation, response.StatusCode, response.Headers, body);
        }

        try
        {
            return JsonSerializer.Deserialize(body.Length == 0 ? EmptyObject : body, responseType)
                ?? throw new JsonException("The response body is null.");
        }
        catch (JsonException e)
        {
            throw new AmazonServiceException(
                $"{operation} returned a response that is not the expected JSON", e, ErrorType.Unknown, "InvalidResponse", null, response.StatusCode);
        }
    }
}

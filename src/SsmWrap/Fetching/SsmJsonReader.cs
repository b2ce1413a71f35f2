using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using GapTools.Core.Signing;

namespace GapTools.SsmWrap.Fetching;

/// <summary>
/// The same three reads as <see cref="SsmParameterReader"/>, as SigV4-signed awsJson1_1 POSTs (<c>X-Amz-Target:
/// AmazonSSM.*</c>) over one <see cref="HttpClient"/> instead of through the SDK client: the ssmwrap binary's start-up
/// path, where the SDK's handler chain, endpoint rules and marshallers cost more than the request
/// (src/SsmWrap/README.md, "Start-up"). Same retry (one pipeline per call from the loader's <see cref="SsmRetry"/>), and the
/// same exceptions as the SDK client: <see cref="AmazonSimpleSystemsManagementException"/> (or the modelled subclass,
/// <see cref="ParameterNotFoundException"/> …) with ErrorCode, StatusCode and RequestId; transport errors as they
/// come (<see cref="HttpRequestException"/>); credentials resolved at the first call, so a missing one fails that
/// call as the SDK's does.
/// </summary>
internal sealed class SsmJsonReader : ISsmParameterReader, IDisposable
{
    private readonly SsmRetry _retry;
    private readonly Lazy<AwsJsonProtocolClient> _client;
    private HttpClient? _http;

    public SsmJsonReader(SsmEndpoint endpoint, SsmRetry retry, Func<AWSCredentials>? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _retry = retry;
        credentials ??= AwsDefaultChain.ResolveCredentials;
        _client = new Lazy<AwsJsonProtocolClient>(() =>
        {
            var handler = new AwsSigV4Handler(credentials(), endpoint.SigningRegion, "ssm")
            {
                InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
            };
            _http = new HttpClient(handler);
            _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "gaptools-ssmwrap");
            return new AwsJsonProtocolClient(_http, endpoint.Url, "AmazonSSM");
        });
    }

    public async Task<SsmParameterPage> GetParametersByPathAsync(string path, bool recursive, string? nextToken, CancellationToken cancellationToken)
    {
        var request = new GetParametersByPathWire(path, recursive, WithDecryption: true, SsmParameterReader.MaxResultsPerPage, nextToken);
        var response = await Send("GetParametersByPath", request, SsmJsonContext.Default.GetParametersByPathWire, SsmJsonContext.Default.ParametersResultWire, cancellationToken).ConfigureAwait(false);
        return new SsmParameterPage(Convert(response.Parameters), string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken);
    }

    public async Task<IReadOnlyList<SsmParameter>> GetParametersAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var response = await Send("GetParameters", new GetParametersWire(names, WithDecryption: true), SsmJsonContext.Default.GetParametersWire, SsmJsonContext.Default.ParametersResultWire, cancellationToken).ConfigureAwait(false);
        return Convert(response.Parameters);
    }

    public async Task<SsmParameter?> GetParameterAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Send("GetParameter", new GetParameterWire(name, WithDecryption: true), SsmJsonContext.Default.GetParameterWire, SsmJsonContext.Default.ParameterResultWire, cancellationToken).ConfigureAwait(false);
            return response.Parameter is { } parameter ? Convert(parameter) : null;
        }
        catch (ParameterNotFoundException)
        {
            // Missing is an answer, not a failure: the mapper decides whether it is an error (optional=true).
            return null;
        }
    }

    public void Dispose() => _http?.Dispose();

    private Task<TResponse> Send<TRequest, TResponse>(
        string operation,
        TRequest request,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRequest> requestType,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken) =>
        _retry.ForOneCall(operation).ExecuteAsync(
            static async (state, token) =>
            {
                try
                {
                    return await state.Self._client.Value.SendAsync(state.Operation, state.Request, state.RequestType, state.ResponseType, token).ConfigureAwait(false);
                }
                catch (AmazonServiceException e) when (e is not AmazonSimpleSystemsManagementException)
                {
                    throw SsmErrors.AsSdkWould(e);
                }
            },
            (Self: this, Operation: operation, Request: request, RequestType: requestType, ResponseType: responseType),
            cancellationToken).AsTask();

    private static SsmParameter[] Convert(List<ParameterWire>? parameters) =>
        parameters is null ? [] : [.. parameters.Select(Convert)];

    private static SsmParameter Convert(ParameterWire parameter) =>
        new(parameter.Name ?? "", parameter.Type ?? "String", parameter.Value ?? "");
}

using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace GapTools.SsmWrap.Fetching;

/// <summary>
/// Adapter from <see cref="ISsmParameterReader"/> to the SDK client. Each call runs through a pipeline of its own
/// from <paramref name="retry"/> (its own retry budget), the only retry layer: the client should have MaxErrorRetry = 0.
/// </summary>
internal sealed class SsmParameterReader(IAmazonSimpleSystemsManagement client, SsmRetry retry) : ISsmParameterReader
{
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParametersByPath.html (MaxResults: 1..10)
    internal const int MaxResultsPerPage = 10;

    public async Task<SsmParameterPage> GetParametersByPathAsync(string path, bool recursive, string? nextToken, CancellationToken cancellationToken)
    {
        var request = new GetParametersByPathRequest
        {
            Path = path,
            Recursive = recursive,
            WithDecryption = true,
            MaxResults = MaxResultsPerPage,
            NextToken = nextToken,
        };
        var response = await retry.ForOneCall("GetParametersByPath").ExecuteAsync(
            static async (state, token) => await state.client.GetParametersByPathAsync(state.request, token).ConfigureAwait(false),
            (client, request),
            cancellationToken).ConfigureAwait(false);
        return new SsmParameterPage(Convert(response.Parameters), string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken);
    }

    public async Task<IReadOnlyList<SsmParameter>> GetParametersAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var request = new GetParametersRequest { Names = [.. names], WithDecryption = true };
        var response = await retry.ForOneCall("GetParameters").ExecuteAsync(
            static async (state, token) => await state.client.GetParametersAsync(state.request, token).ConfigureAwait(false),
            (client, request),
            cancellationToken).ConfigureAwait(false);
        return Convert(response.Parameters);
    }

    public async Task<SsmParameter?> GetParameterAsync(string name, CancellationToken cancellationToken)
    {
        var request = new GetParameterRequest { Name = name, WithDecryption = true };
        try
        {
            var response = await retry.ForOneCall("GetParameter").ExecuteAsync(
                static async (state, token) => await state.client.GetParameterAsync(state.request, token).ConfigureAwait(false),
                (client, request),
                cancellationToken).ConfigureAwait(false);
            return Convert(response.Parameter);
        }
        catch (ParameterNotFoundException)
        {
            // Missing is an answer, not a failure: the mapper decides whether it is an error (optional=true).
            return null;
        }
    }

    // SDK v4 leaves collections null when the response has none.
    private static SsmParameter[] Convert(List<Parameter>? parameters) =>
        parameters is null ? [] : [.. parameters.Select(Convert)];

    private static SsmParameter Convert(Parameter parameter) =>
        new(parameter.Name, parameter.Type?.Value ?? "String", parameter.Value ?? "");
}

namespace GapTools.SsmWrap.Fetching;

/// <summary>The SSM edge: the three read calls SsmWrap makes, named as the API names them.</summary>
internal interface ISsmParameterReader
{
    /// <summary>One page of a path, decrypted.</summary>
    Task<SsmParameterPage> GetParametersByPathAsync(string path, bool recursive, string? nextToken, CancellationToken cancellationToken);

    /// <summary>At most ten names, decrypted; names that do not exist are absent from the result.</summary>
    Task<IReadOnlyList<SsmParameter>> GetParametersAsync(IReadOnlyList<string> names, CancellationToken cancellationToken);

    /// <summary>One parameter (used for Secrets Manager references), or null when it does not exist.</summary>
    Task<SsmParameter?> GetParameterAsync(string name, CancellationToken cancellationToken);
}

using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using GapTools.SsmWrap.Fetching;
using GapTools.SsmWrap.Mapping;
using GapTools.SsmWrap.Targets;
using Microsoft.Extensions.Logging;

namespace GapTools.SsmWrap;

/// <summary>
/// Loads parameters by <see cref="SsmRule"/>s: one deduplicated fetch (paged paths, names ten per call), then the
/// same mapping the ssmwrap CLI uses.
/// </summary>
/// <example><code>
/// using var client = SsmParameterLoader.CreateClient();
/// var result = await new SsmParameterLoader(client).LoadAsync([SsmRule.ParseEnv("path=/myapp/*")], ct);
/// </code></example>
public sealed class SsmParameterLoader
{
    private readonly ParameterFetcher _fetcher;
    private readonly ILogger _logger;

    /// <summary>
    /// Creates a loader over <paramref name="client"/>. Every call goes through the options' retry pipeline (built by
    /// GapTools.Core's <c>ResiliencePipelines</c>), so give the client MaxErrorRetry = 0 (as <see cref="CreateClient"/>
    /// does) to keep one retry layer.
    /// </summary>
    /// <exception cref="ArgumentException">MaxRetries is outside 0..100, MaxDelay outside 1 ms..1 h or RetryBudget outside 0..1 h.</exception>
    public SsmParameterLoader(IAmazonSimpleSystemsManagement client, SsmParameterLoaderOptions? options = null)
        : this(new SsmParameterReader(client ?? throw new ArgumentNullException(nameof(client)), PipelineOf(options ?? new())), options ?? new())
    {
    }

    internal SsmParameterLoader(ISsmParameterReader reader, SsmParameterLoaderOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentRequests, 1);
        _fetcher = new ParameterFetcher(reader, options.MaxConcurrentRequests);
        _logger = options.Logger;
    }

    /// <summary>
    /// An SSM client configured from the environment (region, credentials, <c>AWS_ENDPOINT_URL_SSM</c>) with the
    /// SDK's own retries off, since the loader retries.
    /// </summary>
    /// <exception cref="SsmWrapException">No AWS region is configured; the message names the ways to set one.</exception>
    public static IAmazonSimpleSystemsManagement CreateClient()
    {
        try
        {
            return new AmazonSimpleSystemsManagementClient(new AmazonSimpleSystemsManagementConfig { MaxErrorRetry = 0 });
        }
        catch (AmazonClientException e) when (FailureText.IsMissingRegion(e))
        {
            throw new SsmWrapException(FailureText.NoRegion, e);
        }
    }

    /// <summary>
    /// The ssmwrap binary's loader: over <see cref="SsmJsonReader"/> (signed JSON over HttpClient, no SDK client) when
    /// <see cref="SsmEndpoint.TryResolve()"/> can resolve the endpoint as the SDK would, else over the SDK client from
    /// <see cref="CreateClient"/>; <c>SSMWRAP_AWS_SDK=1</c> forces the SDK client. Same retries, same errors.
    /// <paramref name="owned"/> is the client or reader to dispose with the loader.
    /// </summary>
    /// <exception cref="SsmWrapException">No AWS region is configured.</exception>
    internal static SsmParameterLoader FromEnvironment(SsmParameterLoaderOptions options, out IDisposable owned)
    {
        var retry = PipelineOf(options);
        if (Environment.GetEnvironmentVariable("SSMWRAP_AWS_SDK") != "1" && SsmEndpoint.TryResolve() is { } endpoint)
        {
            var reader = new SsmJsonReader(endpoint, retry);
            owned = reader;
            return new SsmParameterLoader(reader, options);
        }

        var client = CreateClient();
        owned = client;
        return new SsmParameterLoader(new SsmParameterReader(client, retry), options);
    }

    /// <summary>Fetches and maps; writes nothing.</summary>
    /// <exception cref="SsmWrapException">SSM failed, a required parameter is missing, or names collide.</exception>
    public Task<SsmLoadResult> LoadAsync(IEnumerable<SsmRule> rules, CancellationToken cancellationToken = default) =>
        LoadAsync(rules, KeyFormat.Environment, cancellationToken);

    /// <summary>Loads, writes the files, and sets the variables in this process's environment.</summary>
    /// <exception cref="SsmWrapException">As <see cref="LoadAsync(IEnumerable{SsmRule}, CancellationToken)"/>, or a file cannot be written.</exception>
    public async Task<SsmLoadResult> LoadIntoEnvironmentAsync(IEnumerable<SsmRule> rules, CancellationToken cancellationToken = default)
    {
        var result = await LoadAsync(rules, cancellationToken).ConfigureAwait(false);
        result.WriteFiles();
        foreach (var (name, value) in result.Variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        return result;
    }

    internal async Task<SsmLoadResult> LoadAsync(IEnumerable<SsmRule> rules, KeyFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var list = rules.ToList();
        var fetched = await _fetcher.FetchAsync(FetchPlan.Create(list.Select(r => r.Selector)), cancellationToken).ConfigureAwait(false);
        var exports = ParameterMapper.Map(list, fetched.Parameters, format);
        WarnOfNonShellNames(exports);
        return new SsmLoadResult(exports, fetched.Parameters.Count, fetched.Calls);
    }

    // ssmwrap v2 exports '.' and '-' as they are: the command gets them, a shell cannot expand them. Say so, once per name.
    private void WarnOfNonShellNames(IReadOnlyList<Export> exports)
    {
        foreach (var export in exports)
        {
            if (export.Target is EnvVarTarget { Name: var name } && !VariableNamer.IsShellName(name))
            {
                LoaderLog.NotAShellName(_logger, name, export.Source, VariableNamer.Sanitise(name));
            }
        }
    }

    private static SsmRetry PipelineOf(SsmParameterLoaderOptions options) =>
        options.RetryPipeline is { } own ? SsmRetry.Same(own) : SsmRetry.Create(options);
}

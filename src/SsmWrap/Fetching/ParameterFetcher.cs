namespace GapTools.SsmWrap.Fetching;

/// <summary>What a plan fetched: parameters by name, and how many SSM calls it took (retries not counted).</summary>
internal sealed record FetchResult(IReadOnlyDictionary<string, SsmParameter> Parameters, int Calls);

/// <summary>
/// Runs a <see cref="FetchPlan"/> against the reader: the first call alone, then a few at a time; the first failure
/// cancels the rest. Going alone first means wrong credentials cost SSM one request, not one per slot.
/// </summary>
internal sealed class ParameterFetcher(ISsmParameterReader reader, int maxConcurrentRequests)
{
    public async Task<FetchResult> FetchAsync(FetchPlan plan, CancellationToken cancellationToken)
    {
        var width = Math.Max(1, maxConcurrentRequests);
        using var gate = new SemaphoreSlim(1, width);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = failed.Token;
        var calls = 0;
        var opened = 0;

        async Task<T> Call<T>(string what, Func<Task<T>> call)
        {
            await gate.WaitAsync(token).ConfigureAwait(false);
            try
            {
                // The slot a failed call frees can still reach a waiter after the cancel: it must not call SSM.
                token.ThrowIfCancellationRequested();
                Interlocked.Increment(ref calls);
                var result = await call().ConfigureAwait(false);
                if (width > 1 && Interlocked.Exchange(ref opened, 1) == 0)
                {
                    gate.Release(width - 1); // SSM accepted us: open the other slots
                }

                return result;
            }
            catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
            {
                await failed.CancelAsync().ConfigureAwait(false);
                throw new SsmWrapException($"{what} failed: {FailureText.Describe(e)}", e);
            }
            finally
            {
                gate.Release();
            }
        }

        async Task<IReadOnlyList<SsmParameter>> ReadPath(PathQuery query)
        {
            var all = new List<SsmParameter>();
            string? next = null;
            do
            {
                var page = await Call(
                    $"GetParametersByPath {query.Path}{(query.Recursive ? " (recursive)" : "")}",
                    () => reader.GetParametersByPathAsync(query.Path, query.Recursive, next, token)).ConfigureAwait(false);
                all.AddRange(page.Parameters);
                next = page.NextToken;
            }
            while (next is not null);
            return all;
        }

        Task<IReadOnlyList<SsmParameter>> ReadNames(IReadOnlyList<string> names) =>
            Call($"GetParameters {string.Join(' ', names)}", () => reader.GetParametersAsync(names, token));

        async Task<IReadOnlyList<SsmParameter>> ReadSecret(string name) =>
            await Call($"GetParameter {name}", () => reader.GetParameterAsync(name, token)).ConfigureAwait(false) is { } found ? [found] : [];

        var results = await Task.WhenAll(plan.Paths.Select(ReadPath)
            .Concat(plan.NameBatches.Select(ReadNames))
            .Concat(plan.SecretReferences.Select(ReadSecret))).ConfigureAwait(false);

        var byName = new Dictionary<string, SsmParameter>(StringComparer.Ordinal);
        foreach (var parameter in results.SelectMany(r => r))
        {
            byName[parameter.Name] = parameter;
        }

        return new FetchResult(byName, calls);
    }
}

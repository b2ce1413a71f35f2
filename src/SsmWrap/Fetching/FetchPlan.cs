namespace GapTools.SsmWrap.Fetching;

/// <summary>One GetParametersByPath query, paged to the end.</summary>
internal sealed record PathQuery(string Path, bool Recursive);

/// <summary>
/// The SSM calls that fetch everything a set of selectors takes, once: broad selectors first, selectors covered by
/// another dropped, explicit names in GetParameters chunks of ten, Secrets Manager references one by one.
/// </summary>
internal sealed record FetchPlan(
    IReadOnlyList<PathQuery> Paths,
    IReadOnlyList<IReadOnlyList<string>> NameBatches,
    IReadOnlyList<string> SecretReferences)
{
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html (Names: 1..10 items)
    public const int MaxNamesPerCall = 10;

    public static FetchPlan Create(IEnumerable<ParameterSelector> selectors)
    {
        var kept = new List<ParameterSelector>();
        foreach (var selector in BroadFirst(selectors))
        {
            if (!kept.Exists(k => k.Covers(selector)))
            {
                kept.Add(selector);
            }
        }

        return new FetchPlan(
            [.. kept.Where(s => s.Depth != SelectorDepth.Exact).Select(s => new PathQuery(s.Path, s.Depth == SelectorDepth.Recursive))],
            [.. kept.Where(s => s.Depth == SelectorDepth.Exact && !s.IsSecretReference).Select(s => s.Path).Chunk(MaxNamesPerCall)],
            [.. kept.Where(s => s.IsSecretReference).Select(s => s.Path)]);
    }

    private static IEnumerable<ParameterSelector> BroadFirst(IEnumerable<ParameterSelector> selectors) =>
        selectors.Distinct()
            .OrderByDescending(s => s.Depth)
            .ThenBy(s => s.Path.Length)
            .ThenBy(s => s.Path, StringComparer.Ordinal);
}

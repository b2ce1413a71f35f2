namespace GapTools.S3ToRedshift.Routing;

/// <summary>What the rules say about one object.</summary>
/// <param name="Loads">Tables to load the object into, in rule order (no table twice).</param>
/// <param name="Discarded">Matching rules that discard the object.</param>
/// <param name="Errors">Matching rules whose names expanded to invalid identifiers (the object cannot load).</param>
public sealed record RouteDecision(
    IReadOnlyList<RouteTarget> Loads,
    IReadOnlyList<RouteRule> Discarded,
    IReadOnlyList<string> Errors)
{
    /// <summary>True when no rule matched at all.</summary>
    public bool IsUnmatched => Loads.Count == 0 && Discarded.Count == 0 && Errors.Count == 0;
}

/// <summary>One table an object loads into, and the rule that chose it (for COPY parameters and region).</summary>
/// <param name="Rule">The matching rule.</param>
/// <param name="Table">The expanded, validated table name.</param>
public sealed record RouteTarget(RouteRule Rule, QualifiedTableName Table);

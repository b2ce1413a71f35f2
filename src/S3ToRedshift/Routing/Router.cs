namespace GapTools.S3ToRedshift.Routing;

/// <summary>
/// Evaluates the ordered rules for one object like Rin: every matching rule loads the object until a rule with
/// <see cref="RouteRule.Break"/> matches or a <see cref="RouteRule.Discard"/> rule matches (Rin stops there: rules
/// after a discard never see the object; loads of rules before it stand). Pure.
/// </summary>
public sealed class Router
{
    /// <summary>Creates a router over rules in evaluation order.</summary>
    public Router(IEnumerable<RouteRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = [.. rules];
    }

    /// <summary>The rules in evaluation order.</summary>
    public IReadOnlyList<RouteRule> Rules { get; }

    /// <summary>Routes one object.</summary>
    public RouteDecision Route(string bucket, string key)
    {
        var loads = new List<RouteTarget>();
        var discarded = new List<RouteRule>();
        var errors = new List<string>();
        foreach (var rule in Rules)
        {
            if (!rule.IsMatch(bucket, key, out var match))
            {
                continue;
            }

            if (rule.Discard)
            {
                discarded.Add(rule);
                break;
            }
            else if (rule.ResolveTable(match, out var error) is { } table)
            {
                // Two rules naming the same table would load the object twice in one batch.
                if (!loads.Any(l => l.Table == table))
                {
                    loads.Add(new RouteTarget(rule, table));
                }
            }
            else
            {
                errors.Add($"target {rule.Index} ({rule}): {error}");
            }

            if (rule.Break)
            {
                break;
            }
        }

        return new RouteDecision(loads, discarded, errors);
    }
}

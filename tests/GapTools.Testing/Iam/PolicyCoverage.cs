namespace GapTools.Testing.Iam;

/// <summary>
/// A policy checked against what a tool did in an end-to-end run: every action it performed must be allowed, and
/// every action the policy allows must have been performed or be a documented extra (an action AWS evaluates on the
/// tool's behalf, or one only a path the run does not take needs), each with its reason.
/// </summary>
public static class PolicyCoverage
{
    /// <summary>The problems found, one line each; empty when the policy is exactly what the run needs.</summary>
    public static IReadOnlyList<string> Problems(IamPolicy policy, IEnumerable<string> performed, IReadOnlyDictionary<string, string> extras)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(performed);
        ArgumentNullException.ThrowIfNull(extras);
        var done = performed.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var problems = new List<string>();
        problems.AddRange(done.Where(a => !policy.Allows(a)).Select(a => $"{a} was performed but the policy does not allow it"));
        foreach (var action in policy.Actions)
        {
            if (action.Contains('*', StringComparison.Ordinal) || action.Contains('?', StringComparison.Ordinal))
            {
                problems.Add($"{action} is a wildcard: name the actions");
            }
            else if (!done.Contains(action, StringComparer.OrdinalIgnoreCase) && !extras.ContainsKey(action))
            {
                problems.Add($"{action} is allowed but the run never performed it and it is not a documented extra");
            }
        }

        problems.AddRange(extras.Keys.Where(e => !policy.Allows(e)).Select(e => $"{e} is a documented extra the policy does not allow (stale list)"));
        problems.AddRange(extras.Keys.Where(e => done.Contains(e, StringComparer.OrdinalIgnoreCase)).Select(e => $"{e} is a documented extra but the run performed it: not an extra"));
        return problems;
    }
}

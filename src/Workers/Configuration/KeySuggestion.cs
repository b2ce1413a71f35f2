namespace GapTools.Workers.Configuration;

/// <summary>The known key an unknown one most likely meant: a misspelling, or the right name in the wrong section.</summary>
internal static class KeySuggestion
{
    /// <summary>
    /// The pattern nearest to <paramref name="unknown"/>, written with the unknown key's own list indexes and
    /// dictionary keys, or null when none is close. First the same leaf name under another parent (a misplaced key:
    /// <c>Queue</c> for <c>Sqs:Queue</c>), then the fewest edits over the whole key, at most a third of its length.
    /// </summary>
    public static string? For(string[] unknown, IEnumerable<string[]> patterns)
    {
        var candidates = patterns.Where(p => p[^1] != "**").Select(p => Instantiate(p, unknown)).ToList();
        var leaf = unknown[^1];
        var misplaced = candidates.Where(c => string.Equals(c.Split(':')[^1], leaf, StringComparison.OrdinalIgnoreCase)).ToList();
        if (misplaced.Count > 0)
        {
            return misplaced.MinBy(c => Distance(c, string.Join(':', unknown)));
        }

        var key = string.Join(':', unknown);
        if (candidates.Count == 0)
        {
            return null;
        }

        var best = candidates.Select(c => (Key: c, Distance: Distance(c, key))).MinBy(c => c.Distance);
        return best.Key is not null && best.Distance <= Math.Max(2, key.Length / 3) ? best.Key : null;
    }

    // A '*' takes the unknown key's segment at the same place (its index or name), so the suggestion is a key to write.
    private static string Instantiate(string[] pattern, string[] unknown) =>
        string.Join(':', pattern.Select((segment, i) => segment == "*" && i < unknown.Length ? unknown[i] : segment));

    /// <summary>Levenshtein distance, case-insensitive (configuration keys are).</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

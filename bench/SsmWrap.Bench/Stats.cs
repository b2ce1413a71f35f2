namespace GapTools.SsmWrap.Bench;

/// <summary>Order statistics of a sample. Pure.</summary>
internal static class Stats
{
    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 0.5);

    /// <summary>Linear interpolation between closest ranks (as numpy's default and hyperfine do).</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfZero(values.Count);
        var sorted = values.Order().ToArray();
        var position = fraction * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((sorted[above] - sorted[below]) * (position - below));
    }
}

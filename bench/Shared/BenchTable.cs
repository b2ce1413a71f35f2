using System.Globalization;

namespace GapTools.Bench;

/// <summary>
/// One row of the table <c>bash scripts/bench.sh</c> prints at the end: each benchmark appends its rows to the
/// file named by <c>BENCH_ROWS</c> (tab-separated, one row per line) and the script renders them together. Without
/// <c>BENCH_ROWS</c> the row is only printed. A ratio is always GapTools against a baseline measured in the same run.
/// </summary>
/// <param name="Work">What was measured, e.g. "ssmwrap, 1 name → exec /bin/true (median)".</param>
/// <param name="GapTools">Our figure with its unit, e.g. "6.1 ms".</param>
/// <param name="Baseline">The baseline's name and figure, e.g. "ssmwrap v2.2.0 7.6 ms".</param>
/// <param name="Ratio">GapTools ÷ baseline (or the inverse), stated with its sense, e.g. "0.80× time".</param>
/// <param name="Goal">The goal from issue 14, e.g. "≤ 1.0×"; empty when the row has none.</param>
/// <param name="Met">Whether the goal is met: "yes", "no" or "" when there is no goal.</param>
internal sealed record BenchRow(string Work, string GapTools, string Baseline, string Ratio, string Goal, string Met)
{
    public static BenchRow Compare(string work, string gapTools, string baseline, double ratio, string sense, string goal, bool? met) =>
        new(work, gapTools, baseline, string.Create(CultureInfo.InvariantCulture, $"{ratio:F2}× {sense}"), goal,
            met switch { true => "yes", false => "no", null => "" });

    public void Write()
    {
        Console.WriteLine($"bench row: {Work} | {GapTools} | {Baseline} | {Ratio} | {Goal} | {Met}");
        if (Environment.GetEnvironmentVariable("BENCH_ROWS") is { Length: > 0 } path)
        {
            File.AppendAllText(path, string.Join('\t', Clean(Work), Clean(GapTools), Clean(Baseline), Clean(Ratio), Clean(Goal), Clean(Met)) + "\n");
        }
    }

    private static string Clean(string cell) => cell.Replace('\t', ' ').Replace('\n', ' ');
}

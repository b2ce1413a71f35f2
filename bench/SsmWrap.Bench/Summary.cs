using System.Globalization;
using GapTools.Bench;

namespace GapTools.SsmWrap.Bench;

/// <summary>
/// The rows for the shared table (bench/Shared/BenchTable.cs): per scenario the AOT binary's median wall time (hyperfine's
/// when it ran, else the bench's own) against the Go peer's, with issue 14's goal, and peak RSS for 100 by path. Without
/// the peer the baseline is the JIT build and there is no goal.
/// </summary>
internal static class Summary
{
    public static void Write(IReadOnlyList<Series> series, IReadOnlyDictionary<Scenario, IReadOnlyList<HyperfineResult>> hyperfine, bool againstPeer)
    {
        var baselineLabel = againstPeer ? BenchArguments.PeerLabel : "JIT";
        var baselineName = againstPeer ? "ssmwrap v2.2.0 (Go)" : "ssmwrap JIT build";
        foreach (var scenario in Scenario.All)
        {
            var ours = series.Single(s => s.Scenario == scenario && s.Build.Label == "AOT");
            var theirs = series.Single(s => s.Scenario == scenario && s.Build.Label == baselineLabel);
            var (oursMs, theirsMs, timer) = hyperfine.TryGetValue(scenario, out var results)
                ? (results.Single(r => r.Build.Label == "AOT").MedianMs, results.Single(r => r.Build.Label == baselineLabel).MedianMs, "hyperfine median")
                : (ours.MedianMs, theirs.MedianMs, "median");
            var ratio = oursMs / theirsMs;
            var work = scenario.Flags.Count == 0
                ? $"ssmwrap, no rules: start and exec /bin/true ({timer}{(againstPeer ? "; v2 exits 1 without a rule" : "")})"
                : $"ssmwrap, {scenario.Name} → exec /bin/true ({timer})";
            Row(work, Ms(oursMs), $"{baselineName} {Ms(theirsMs)}", ratio, "time", scenario.TimeGoal, againstPeer);

            if (scenario == Scenario.ByPath && ours.MedianRssMib is { } rss && theirs.MedianRssMib is { } baseRss)
            {
                Row($"ssmwrap, {scenario.Name}: peak RSS", Mib(rss), $"{baselineName} {Mib(baseRss)}", rss / baseRss, "RSS", Scenario.RssGoal, againstPeer);
            }
        }
    }

    private static void Row(string work, string ours, string baseline, double ratio, string sense, double goal, bool againstPeer) =>
        BenchRow.Compare(
            work, ours, baseline, ratio, sense,
            againstPeer ? string.Create(CultureInfo.InvariantCulture, $"≤ {goal:0.0}×") : "",
            againstPeer ? ratio <= goal : null).Write();

    private static string Ms(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:0.0} ms");

    private static string Mib(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:0.0} MiB");
}

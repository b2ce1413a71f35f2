using System.Globalization;
using System.Text;

namespace GapTools.SsmWrap.Bench;

/// <summary>The tables printed at the end: one block per scenario, a row per build, then AOT/other ratios.</summary>
internal static class Report
{
    public static string Table(IReadOnlyList<Series> series)
    {
        var text = new StringBuilder();
        text.AppendLine(Row("scenario", "build", "runs", "wall median", "wall p90", "peak RSS", "SSM calls/run"));
        foreach (var group in series.GroupBy(s => s.Scenario))
        {
            var rows = group.ToList();
            for (var i = 0; i < rows.Count; i++)
            {
                var s = rows[i];
                text.AppendLine(Row(
                    i == 0 ? s.Scenario.Name : "",
                    s.Build.Label,
                    Number(s.Samples.Count, "0"),
                    Number(s.MedianMs, "0.0") + " ms",
                    Number(s.P90Ms, "0.0") + " ms",
                    s.MedianRssMib is { } rss ? Number(rss, "0.0") + " MiB" : "n/a",
                    Calls(s.Calls, s.Scenario.ExpectedCalls)));
            }

            foreach (var other in rows.Skip(1))
            {
                var aot = rows[0];
                text.AppendLine(Row(
                    "", $"{aot.Build.Label}/{other.Build.Label}", "",
                    Number(aot.MedianMs / other.MedianMs, "0.000"),
                    Number(aot.P90Ms / other.P90Ms, "0.000"),
                    aot.MedianRssMib is { } a && other.MedianRssMib is { } o ? Number(a / o, "0.00") : "",
                    ""));
            }
        }

        return text.ToString();
    }

    public static string HyperfineTable(Scenario scenario, IReadOnlyList<HyperfineResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(Row("hyperfine -N", "build", "", "wall median", "wall p90", "", "SSM calls/run"));
        foreach (var r in results)
        {
            text.AppendLine(Row(
                r == results[0] ? scenario.Name : "", r.Build.Label, "",
                Number(r.MedianMs, "0.0") + " ms", Number(r.P90Ms, "0.0") + " ms", "", Number(r.CallsPerRun, "0.##")));
        }

        foreach (var other in results.Skip(1))
        {
            text.AppendLine(Row("", $"{results[0].Build.Label}/{other.Build.Label}", "",
                Number(results[0].MedianMs / other.MedianMs, "0.000"), Number(results[0].P90Ms / other.P90Ms, "0.000"), "", ""));
        }

        return text.ToString();
    }

    // Every run's count when they agree ("10"), otherwise the range and the goal ("9..11 (goal 10)").
    private static string Calls(IReadOnlyList<int> calls, int goal) =>
        calls.Min() == calls.Max()
            ? Number(calls[0], "0") + (calls[0] == goal ? "" : $" (goal {goal})")
            : $"{calls.Min()}..{calls.Max()} (goal {goal})";

    private static string Row(string scenario, string build, string runs, string median, string p90, string rss, string calls) =>
        $"{scenario,-14} {build,-16} {runs,4} {median,12} {p90,12} {rss,10} {calls,14}";

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;

namespace GapTools.SsmWrap.Bench;

/// <summary>The tables printed at the end: one block per scenario, AOT and JIT rows, then AOT/JIT ratios.</summary>
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

            if (rows.Count == 2)
            {
                var (aot, jit) = (rows[0], rows[1]);
                text.AppendLine(Row(
                    "", $"{aot.Build.Label}/{jit.Build.Label}", "",
                    Number(aot.MedianMs / jit.MedianMs, "0.000"),
                    Number(aot.P90Ms / jit.P90Ms, "0.000"),
                    aot.MedianRssMib is { } a && jit.MedianRssMib is { } j ? Number(a / j, "0.00") : "",
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

        if (results.Count == 2)
        {
            text.AppendLine(Row("", $"{results[0].Build.Label}/{results[1].Build.Label}", "",
                Number(results[0].MedianMs / results[1].MedianMs, "0.000"), Number(results[0].P90Ms / results[1].P90Ms, "0.000"), "", ""));
        }

        return text.ToString();
    }

    // Every run's count when they agree ("10"), otherwise the range and the goal ("9..11 (goal 10)").
    private static string Calls(IReadOnlyList<int> calls, int goal) =>
        calls.Min() == calls.Max()
            ? Number(calls[0], "0") + (calls[0] == goal ? "" : $" (goal {goal})")
            : $"{calls.Min()}..{calls.Max()} (goal {goal})";

    private static string Row(string scenario, string build, string runs, string median, string p90, string rss, string calls) =>
        $"{scenario,-14} {build,-8} {runs,4} {median,12} {p90,12} {rss,10} {calls,14}";

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

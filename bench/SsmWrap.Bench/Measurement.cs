using GapTools.LocalAws.RequestLog;

namespace GapTools.SsmWrap.Bench;

/// <summary>The runs of one build in one scenario: timed runs with their SSM call counts, and peak RSS runs.</summary>
internal sealed record Series(Scenario Scenario, Build Build, IReadOnlyList<RunSample> Samples, IReadOnlyList<int> Calls, IReadOnlyList<long> PeakRssKib)
{
    public double MedianMs => Stats.Median([.. Samples.Select(s => s.Wall.TotalMilliseconds)]);

    public double P90Ms => Stats.Percentile([.. Samples.Select(s => s.Wall.TotalMilliseconds)], 0.9);

    public double? MedianRssMib => PeakRssKib.Count == 0 ? null : Stats.Median([.. PeakRssKib.Select(k => k / 1024.0)]);
}

/// <summary>
/// Runs each scenario for every build, interleaved (A B, B A, …) so that load from other work on the machine falls
/// on both alike, and counts the SSM calls of each run in LocalAws's request journal. Peak RSS comes from a few
/// separate runs under GNU time, so the timed runs carry no wrapper.
/// </summary>
internal sealed class Measurement(RequestJournal journal, IReadOnlyDictionary<string, string> environment, int warmup, int runs, int rssRuns)
{
    public IReadOnlyList<Series> Measure(Scenario scenario, IReadOnlyList<Build> builds)
    {
        for (var i = 0; i < warmup; i++)
        {
            builds.ToList().ForEach(b => RunOnce(scenario, b));
        }

        var samples = builds.ToDictionary(b => b, _ => new List<(RunSample Sample, int Calls)>());
        for (var i = 0; i < runs; i++)
        {
            foreach (var build in i % 2 == 0 ? builds : builds.Reverse())
            {
                samples[build].Add(RunOnce(scenario, build));
            }
        }

        return [.. builds.Select(b => new Series(
            scenario, b, [.. samples[b].Select(s => s.Sample)], [.. samples[b].Select(s => s.Calls)], PeakRss(scenario, b)))];
    }

    private long[] PeakRss(Scenario scenario, Build build) =>
        [.. Enumerable.Range(0, rssRuns).Select(_ => ChildRun.PeakRss(scenario.Command(build.Path), environment, scenario.ExpectedExit(build))).OfType<long>()];

    private (RunSample Sample, int Calls) RunOnce(Scenario scenario, Build build)
    {
        journal.Clear();
        var command = scenario.Command(build.Path);
        var sample = ChildRun.Run(command, environment);
        if (sample.ExitCode != scenario.ExpectedExit(build))
        {
            throw new InvalidOperationException(
                $"{build.Label} '{scenario.Name}' exited {sample.ExitCode}:\n{ChildRun.StderrOf(command, environment)}");
        }

        return (sample, SettledCount(scenario.ExpectedCalls));
    }

    // LocalAws journals a request after writing its answer, so the child can exit a moment before the last entry lands.
    private int SettledCount(int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(1);
        var last = -1;
        while (true)
        {
            var count = journal.Count("ssm");
            if ((count >= expected && count == last) || DateTime.UtcNow > deadline)
            {
                return count;
            }

            last = count;
            Thread.Sleep(5);
        }
    }
}

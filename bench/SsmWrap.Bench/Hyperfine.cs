using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GapTools.LocalAws.RequestLog;

namespace GapTools.SsmWrap.Bench;

/// <summary>hyperfine's own figures for one build in one scenario (wall time only; it does not report memory).</summary>
internal sealed record HyperfineResult(Build Build, double MedianMs, double P90Ms, double CallsPerRun);

/// <summary>An independent check of the wall times: the same commands under hyperfine (no shell, same environment).</summary>
internal static class Hyperfine
{
    public static IReadOnlyList<HyperfineResult> Run(
        string hyperfine, Scenario scenario, IReadOnlyList<Build> builds, IReadOnlyDictionary<string, string> environment,
        RequestJournal journal, int warmup, int runs)
    {
        var results = new List<HyperfineResult>();
        foreach (var build in builds)
        {
            var export = Path.Combine(Path.GetTempPath(), $"ssmwrap-bench-{Environment.ProcessId}-{build.Label}.json");
            var info = new ProcessStartInfo(hyperfine) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            string[] options =
            [
                "-N", "--style", "none", "--warmup", Text(warmup), "--runs", Text(runs), "--export-json", export,
                "-n", build.Label, string.Join(' ', scenario.Command(build.Path)),
                .. scenario.ExpectedExit(build) != 0 ? new[] { "--ignore-failure" } : [],
            ];
            options.ToList().ForEach(info.ArgumentList.Add);
            info.Environment.Clear();
            foreach (var (name, value) in environment)
            {
                info.Environment[name] = value;
            }

            journal.Clear();
            using (var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + hyperfine))
            {
                var stderr = process.StandardError.ReadToEndAsync();
                process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"hyperfine exited {process.ExitCode}: {stderr.Result}");
                }
            }

            Thread.Sleep(50); // let the last journal entry land
            var times = ReadTimes(export);
            File.Delete(export);
            results.Add(new HyperfineResult(
                build,
                Stats.Median(times) * 1000,
                Stats.Percentile(times, 0.9) * 1000,
                journal.Count("ssm") / (double)(warmup + runs)));
        }

        return results;
    }

    private static double[] ReadTimes(string export)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(export));
        return [.. document.RootElement.GetProperty("results")[0].GetProperty("times").EnumerateArray().Select(t => t.GetDouble())];
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

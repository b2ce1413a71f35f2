using System.Diagnostics;
using System.Runtime.InteropServices;

namespace GapTools.SsmWrap.Bench;

/// <summary>One run of a child: wall time from spawn to reaped, and its exit code.</summary>
internal sealed record RunSample(TimeSpan Wall, int ExitCode);

/// <summary>
/// Spawns a command with stdout/stderr to /dev/null and waits for it: the wall time is spawn to reaped, with nothing
/// in between. (Its rusage would not give its peak RSS: posix_spawn starts the child in this process's memory, and
/// Linux keeps that high-water mark across exec. <see cref="PeakRss"/> measures through GNU time instead.)
/// </summary>
internal static class ChildRun
{
    public static unsafe RunSample Run(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        string?[] argv = [.. command, null];
        string?[] envp = [.. environment.Select(e => $"{e.Key}={e.Value}"), null];
        var actions = (nint)NativeMemory.AllocZeroed(Native.FileActionsSize);
        try
        {
            _ = Native.posix_spawn_file_actions_init(actions);
            _ = Native.posix_spawn_file_actions_addopen(actions, 1, "/dev/null", Native.O_WRONLY, 0);
            _ = Native.posix_spawn_file_actions_addopen(actions, 2, "/dev/null", Native.O_WRONLY, 0);

            var started = Stopwatch.GetTimestamp();
            var error = Native.posix_spawn(out var pid, command[0], actions, 0, argv, envp);
            if (error != 0)
            {
                throw new InvalidOperationException($"posix_spawn {command[0]} failed: errno {error}");
            }

            if (Native.waitpid(pid, out var status, 0) != pid)
            {
                throw new InvalidOperationException($"waitpid failed: errno {Marshal.GetLastPInvokeError()}");
            }

            var wall = Stopwatch.GetElapsedTime(started);
            var signal = status & 0x7f;
            return new RunSample(wall, signal == 0 ? (status >> 8) & 0xff : 128 + signal);
        }
        finally
        {
            _ = Native.posix_spawn_file_actions_destroy(actions);
            NativeMemory.Free((void*)actions);
        }
    }

    /// <summary>
    /// The command's peak RSS in KiB as GNU time reports it (<c>%M</c>, from wait4 in time's own small process, so
    /// the child starts from time's memory, not this process's), or null without /usr/bin/time.
    /// </summary>
    public static long? PeakRss(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, int expectedExit = 0)
    {
        const string Time = "/usr/bin/time";
        if (!File.Exists(Time))
        {
            return null;
        }

        var output = Path.Combine(Path.GetTempPath(), $"ssmwrap-bench-rss-{Environment.ProcessId}.txt");
        try
        {
            var sample = Run([Time, "-f", "%M", "-o", output, .. command], environment);
            // GNU time puts "Command exited with non-zero status N" before the figure when the child fails: the figure is the last line.
            return sample.ExitCode == expectedExit ? long.Parse(File.ReadAllLines(output).Last(l => l.Length > 0).Trim(), System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Runs once more with stderr captured, to say why a run failed (ssmwrap never logs values).</summary>
    public static string StderrOf(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + command[0]);
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return stderr;
    }
}

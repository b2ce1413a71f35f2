using System.Diagnostics;
using System.Text;
using GapTools.Demo.Narration;

namespace GapTools.Demo.Processes;

/// <summary>What a child process printed and how it ended.</summary>
internal sealed record ChildResult(int Pid, int ExitCode, string Stdout, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs a tool as a child process: arguments exactly as given, an explicit environment, output captured.</summary>
internal static class ChildProcess
{
    // Only a guard against a hung child (the demo would otherwise never end); nothing is measured against it.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3);

    public static async Task<ChildResult> RunAsync(
        string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string workingDirectory,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new DemoFailure($"could not start {fileName}");
        var pid = process.Id;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(HangGuard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            var why = cancellationToken.IsCancellationRequested ? "the demo was interrupted" : $"it was still running after {HangGuard.TotalMinutes:0} minutes";
            throw new DemoFailure($"{Path.GetFileName(fileName)} was stopped because {why}.\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        return new ChildResult(pid, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A command line as a shell user would type it (for display only).</summary>
    public static string Display(string fileName, IEnumerable<string> args)
    {
        var text = new StringBuilder(Path.GetFileName(fileName));
        foreach (var arg in args)
        {
            text.Append(' ').Append(ShellQuote(arg));
        }

        return text.ToString();
    }

    private static string ShellQuote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@%+".Contains(c, StringComparison.Ordinal))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

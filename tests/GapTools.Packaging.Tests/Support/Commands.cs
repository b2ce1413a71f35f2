using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GapTools.Packaging.Tests.Support;

/// <summary>What a finished command printed (stdout and stderr together) and how it ended.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    public string Describe() =>
        $"'{Command}' exited {ExitCode} after {Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s:{Environment.NewLine}{Output}";
}

/// <summary>
/// Runs <c>dotnet</c> (the one on PATH) and other short-lived commands with a deadline, no standard input and a clean
/// build environment: no MSBuild variables inherited from the test host, no build nodes left behind.
/// </summary>
internal static class Commands
{
    public static Task<CommandResult> DotnetAsync(
        IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync("dotnet", arguments, workingDirectory, timeout, cancellationToken);

    /// <summary>Runs a short-lived command to its end (killed, with a <see cref="TimeoutException"/>, at the deadline).</summary>
    public static async Task<CommandResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = new RunningProcess(Start(fileName, arguments, workingDirectory, environment: null));
        var stopwatch = Stopwatch.StartNew();
        var exitCode = await process.WaitForExitAsync(timeout, cancellationToken);
        return new CommandResult(fileName + " " + string.Join(' ', arguments), exitCode, process.Output, stopwatch.Elapsed);
    }

    /// <summary>Starts a long-running process (the caller owns it); its output is collected as it comes.</summary>
    public static RunningProcess StartLongRunning(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment) =>
        new(Start(fileName, arguments, workingDirectory, environment));

    private static Process Start(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The test host may run under an MSBuild-launched dotnet: its MSBuild* variables would point a child build
        // at another SDK's targets. A child build starts from the machine's own SDK resolution instead.
        foreach (var name in startInfo.Environment.Keys.ToArray())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("MSBUILD", StringComparison.Ordinal))
            {
                startInfo.Environment.Remove(name);
            }
        }

        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        startInfo.Environment["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "true";
        startInfo.Environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = startInfo };
        process.Start();
        process.StandardInput.Close();
        return process;
    }
}

/// <summary>A started process whose output (stdout and stderr interleaved, line by line) is kept.</summary>
internal sealed class RunningProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    public RunningProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Sends SIGTERM, as ECS, systemd and Kubernetes do (<see cref="Process.Kill()"/> would be SIGKILL).</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {Id} exited {kill.ExitCode}.");
        }
    }

    /// <summary>The exit code; on timeout the process tree is killed and <see cref="TimeoutException"/> thrown.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"'{process.StartInfo.FileName} {string.Join(' ', process.StartInfo.ArgumentList)}' did not exit within {timeout.TotalSeconds:0} s. Output:{Environment.NewLine}{Output}");
        }

        // The parameterless wait also drains the redirected streams to their end.
        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GapTools.S3ToCloudSearch.Tests.EndToEnd;

/// <summary>The s3-to-cloudsearch tool run as its own process (dotnet + the built CLI), with its output and peak RSS.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Task sampler;
    private long peakRss;

    private CliProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        sampler = Task.Run(SampleAsync);
    }

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

    /// <summary>The process's peak resident set (VmHWM), as last sampled.</summary>
    public long PeakRssBytes => Interlocked.Read(ref peakRss);

    public static CliProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Explicit, not inherited: fake credentials and no instance metadata lookups.
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        return new CliProcess(Process.Start(start)!);
    }

    /// <summary>Sends SIGTERM, as ECS, systemd and Kubernetes do to stop a task.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"s3-to-cloudsearch did not exit within {timeout}. Output:\n{Output}");
        }

        await sampler;
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
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

    // VmHWM only grows, so the last reading before exit is the peak up to then.
    private async Task SampleAsync()
    {
        var status = $"/proc/{process.Id}/status";
        while (!process.HasExited)
        {
            try
            {
                foreach (var line in await File.ReadAllLinesAsync(status))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        var kb = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                        Interlocked.Exchange(ref peakRss, kb * 1024);
                    }
                }
            }
            catch (IOException)
            {
                // The process ended between the check and the read.
            }

            await Task.Delay(20);
        }
    }

    private static string ToolPath()
    {
        // tests/GapTools.S3ToCloudSearch.Tests/bin/<Configuration>/net10.0/ → src/S3ToCloudSearch.Cli/bin/<Configuration>/net10.0/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "GapTools.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root!.FullName, "src", "S3ToCloudSearch.Cli", "bin", configuration, framework, "s3-to-cloudsearch.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/S3ToCloudSearch.Cli first.", path);
    }
}

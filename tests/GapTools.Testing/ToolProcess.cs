using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit;

namespace GapTools.Testing;

/// <summary>
/// A GapTools worker CLI (<c>s3-to-redshift</c>, <c>s3-to-cloudsearch</c>) run as its own process from the built
/// <c>src/&lt;Project&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;tool&gt;.dll</c>, with its output and peak RSS.
/// </summary>
public sealed class ToolProcess : IDisposable
{
    private readonly Process process;
    private readonly string tool;
    private readonly StringBuilder output = new();
    private readonly Task sampler;
    private long peakRss;

    private ToolProcess(Process process, string tool)
    {
        this.process = process;
        this.tool = tool;
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

    /// <summary>Starts <paramref name="tool"/> (assembly name) built from <c>src/<paramref name="project"/></c>.</summary>
    /// <param name="environment">Extra environment variables (configuration goes there, not in argv).</param>
    public static ToolProcess Start(string project, string tool, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return StartProcess("dotnet", [ToolPath(project, tool), .. args], tool, environment);
    }

    /// <summary>Starts a native executable (a NativeAOT <c>bootstrap</c>, see <see cref="NativeTool"/>) with the same fake AWS environment.</summary>
    public static ToolProcess StartNative(string executable, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return StartProcess(executable, args, Path.GetFileName(executable), environment);
    }

    private static ToolProcess StartProcess(string fileName, IReadOnlyList<string> arguments, string tool, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        // Explicit, not inherited: fake credentials and no instance metadata lookups.
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new ToolProcess(Process.Start(start)!, tool);
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
            throw new TimeoutException($"{tool} did not exit within {timeout}. Output:\n{Output}");
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

    private static string ToolPath(string project, string tool)
    {
        // tests/<Tests>/bin/<Configuration>/net10.0/ → src/<project>/bin/<Configuration>/net10.0/<tool>.dll
        var path = BuiltToolPath(project, tool);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build src/{project} first.", path);
    }

    /// <summary><c>src/&lt;project&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;tool&gt;.dll</c> for the configuration the tests run in.</summary>
    internal static string BuiltToolPath(string project, string tool)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(RepositoryRoot, "src", project, "bin", here.Parent!.Name, here.Name, tool + ".dll");
    }

    /// <summary>The folder holding GapTools.sln, found upwards from the test assembly.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "GapTools.sln")))
            {
                root = root.Parent;
            }

            return root?.FullName ?? throw new DirectoryNotFoundException("GapTools.sln not found above " + AppContext.BaseDirectory);
        }
    }
}

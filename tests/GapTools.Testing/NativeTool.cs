using System.Diagnostics;
using System.Text;

namespace GapTools.Testing;

/// <summary>
/// A tool published as NativeAOT (<c>artifacts/aot/&lt;tool&gt;/&lt;tool&gt;</c>), as it ships in a Lambda zip or a
/// container. <c>scripts/test.sh</c> publishes both workers before the tests run; a test run without it (an IDE, one
/// project) publishes here, once, under a lock shared by every test process (two publishes would share the
/// libraries' intermediate folders).
/// </summary>
public static class NativeTool
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);

    /// <summary>The path of the native binary of <paramref name="tool"/> (assembly name) from <c>src/<paramref name="project"/></c>.</summary>
    public static async Task<string> GetAsync(string project, string tool, CancellationToken cancellationToken)
    {
        var root = ToolProcess.RepositoryRoot;
        var output = Path.Combine(root, "artifacts", "aot", tool);
        var binary = Path.Combine(output, tool);
        Directory.CreateDirectory(Path.Combine(root, "artifacts", "aot"));
        using var publishing = await LockAsync(Path.Combine(root, "artifacts", "aot", ".publish.lock"), cancellationToken);
        var built = ToolProcess.BuiltToolPath(project, tool);
        if (File.Exists(binary) && (!File.Exists(built) || File.GetLastWriteTimeUtc(binary) >= File.GetLastWriteTimeUtc(built)))
        {
            return binary;
        }

        var result = await DotnetAsync(root, ["publish", Path.Combine("src", project), "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output, "-nologo"], cancellationToken);
        return result.ExitCode == 0 && File.Exists(binary)
            ? binary
            : throw new InvalidOperationException($"NativeAOT publish of {project} failed (exit {result.ExitCode}; needs clang):\n{result.Output}");
    }

    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock across processes on Linux.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> DotnetAsync(string root, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host may run under an MSBuild-launched dotnet: its variables would point the publish at the wrong build.
        foreach (var name in start.Environment.Keys.Where(n => n.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}

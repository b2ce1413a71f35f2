using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GapTools.LocalAws.Tests.Redshift.Standalone;

/// <summary>
/// The standalone LocalAws (<c>dotnet LocalAws.dll --urls http://127.0.0.1:PORT …</c>) as its own process: the
/// LocalAws.dll, .deps.json and .runtimeconfig.json the project reference copies next to this test assembly.
/// </summary>
internal sealed class LocalAwsProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private LocalAwsProcess(Process process, Uri serviceUrl)
    {
        this.process = process;
        ServiceUrl = serviceUrl;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri ServiceUrl { get; }

    public int ProcessId => process.Id;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
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

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts LocalAws on a free loopback port with <paramref name="args"/> after <c>--urls</c>.</summary>
    public static LocalAwsProcess Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "LocalAws.dll");
        Assert.True(File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")), $"{dll} (and its runtimeconfig) are not next to the test assembly.");
        var serviceUrl = new Uri($"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[dll, "--urls", serviceUrl.ToString(), .. args])
        {
            start.ArgumentList.Add(arg);
        }

        // Explicit, not inherited: fake credentials and no instance metadata lookups.
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        return new LocalAwsProcess(Process.Start(start)!, serviceUrl);
    }

    /// <summary>Waits until <c>/_localaws/health</c> answers and the process has printed <paramref name="line"/>.</summary>
    public async Task WaitUntilReadyAsync(string line, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = ServiceUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        var healthy = false;
        while (!healthy || !Output.Contains(line, StringComparison.Ordinal))
        {
            Assert.False(process.HasExited, $"LocalAws exited ({(process.HasExited ? process.ExitCode : 0)}) before it was ready. Output:\n{Output}");
            Assert.True(DateTime.UtcNow < deadline, $"LocalAws was not ready within {timeout}. Output:\n{Output}");
            try
            {
                healthy = healthy || await http.GetStringAsync(new Uri("/_localaws/health", UriKind.Relative), Ct) == "ok";
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50, Ct);
        }
    }

    /// <summary>Sends SIGTERM, as systemd, ECS and Kubernetes do to stop a process.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>SIGKILL: the process gets no chance to clean up, as in a crash or an OOM kill.</summary>
    public void Kill() => process.Kill(entireProcessTree: false);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            Assert.Fail($"LocalAws did not exit within {timeout}. Output:\n{Output}");
        }

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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

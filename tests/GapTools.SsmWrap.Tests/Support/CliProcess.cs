using System.Diagnostics;
using System.Reflection;
using System.Text;
using GapTools.SsmWrap.Cli.Native;

namespace GapTools.SsmWrap.Tests.Support;

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr, int Pid)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>The real ssmwrap (its build output's apphost, JIT) as a child of the test, with live stdout lines.</summary>
internal sealed class CliProcess : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _readers;

    private CliProcess(Process process)
    {
        _process = process;
        _readers = Task.WhenAll(Pump(process.StandardOutput, _stdout), Pump(process.StandardError, _stderr));
    }

    /// <summary>The JIT apphost next to the CLI's build output, or GAPTOOLS_SSMWRAP_BINARY (e.g. an AOT publish) when set.</summary>
    public static string AppHost { get; } = System.Environment.GetEnvironmentVariable("GAPTOOLS_SSMWRAP_BINARY") is { Length: > 0 } binary
        ? binary
        : Path.Combine(
            typeof(CliProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SsmWrapCliDirectory").Value!,
            "ssmwrap");

    public int Pid => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The test's environment without AWS_* and SSMWRAP_*, plus <paramref name="extra"/>.</summary>
    public static Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (!name.StartsWith("AWS_", StringComparison.Ordinal) && !name.StartsWith("SSMWRAP_", StringComparison.Ordinal))
            {
                environment[name] = (string?)entry.Value ?? "";
            }
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>Starts <paramref name="fileName"/> (ssmwrap by default) with the arguments exactly as given.</summary>
    public static CliProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string? fileName = null, string? stdin = null)
    {
        var info = new ProcessStartInfo(fileName ?? AppHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
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

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + info.FileName);
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        return new CliProcess(process);
    }

    public static async Task<CliResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string? stdin = null)
    {
        using var process = Start(args, environment, stdin: stdin);
        return await process.WaitAsync();
    }

    public async Task<string> WaitForStdoutAsync(Func<string, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (DateTime.UtcNow < deadline)
        {
            if (Stdout.Split('\n').FirstOrDefault(condition) is { } line)
            {
                return line;
            }

            if (_process.HasExited)
            {
                await _readers;
                return Stdout.Split('\n').FirstOrDefault(condition)
                    ?? throw new Xunit.Sdk.XunitException($"process exited ({_process.ExitCode}) before the expected line\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"expected line not seen\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
    }

    public void Signal(int signal, int? pid = null) => Assert.Equal(0, LibC.kill(pid ?? Pid, signal));

    public async Task<CliResult> WaitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ssmwrap did not exit\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        await _readers;
        return new CliResult(_process.ExitCode, Stdout, Stderr, _process.Id);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static async Task Pump(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
            }
        }
    }
}

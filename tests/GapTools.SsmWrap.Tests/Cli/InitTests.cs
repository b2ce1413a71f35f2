using System.Diagnostics;
using System.Globalization;
using GapTools.SsmWrap.Cli.Native;
using GapTools.SsmWrap.Tests.Support;

namespace GapTools.SsmWrap.Tests.Cli;

/// <summary>-init: ssmwrap as the parent (a child subreaper here, PID 1 inside a new PID namespace).</summary>
public sealed class InitTests : CliTest
{
    // Prints "ready", then on each signal prints its name; TERM exits 42. Short sleeps keep the traps responsive.
    private const string TrapScript = """
        for s in HUP INT QUIT USR1 USR2; do trap "echo got-$s" $s; done
        trap 'echo got-TERM; exit 42' TERM
        echo ready
        while :; do sleep 0.05; done
        """;

    // An orphan is left behind (its parent exits at once); it must be reaped, i.e. vanish from /proc.
    private const string OrphanScript = """
        pidfile="$1"
        ( sh -c 'echo $$ > "$1"' sh "$pidfile" & )
        while [ ! -s "$pidfile" ]; do sleep 0.02; done
        orphan=$(cat "$pidfile")
        i=0
        while [ -e /proc/$orphan ] && [ $i -lt 250 ]; do sleep 0.02; i=$((i+1)); done
        if [ -e /proc/$orphan ]; then echo "zombie $orphan: $(grep State /proc/$orphan/status)"; exit 1; fi
        echo "reaped $orphan as child of $(cat /proc/1/comm)"
        """;

    [Fact]
    public async Task Exits_with_the_child_status()
    {
        var result = await Run("-init", "--", "sh", "-c", "exit 7");

        Assert.Equal(7, result.ExitCode);
    }

    [Fact]
    public async Task A_child_killed_by_a_signal_gives_128_plus_the_signal()
    {
        var result = await Run("-init", "--", "sh", "-c", "kill -KILL $$");

        Assert.Equal(137, result.ExitCode);
    }

    [Theory]
    [InlineData(LibC.SIGHUP, "HUP")]
    [InlineData(LibC.SIGINT, "INT")]
    [InlineData(LibC.SIGQUIT, "QUIT")]
    [InlineData(LibC.SIGUSR1, "USR1")]
    [InlineData(LibC.SIGUSR2, "USR2")]
    public async Task Signals_are_forwarded_to_the_child(int signal, string name)
    {
        using var process = CliProcess.Start(["-init", "--", "sh", "-c", TrapScript], Environment());
        await process.WaitForStdoutAsync(l => l == "ready");

        process.Signal(signal);
        await process.WaitForStdoutAsync(l => l == "got-" + name);
        process.Signal(LibC.SIGTERM);
        var result = await process.WaitAsync();

        Assert.Equal(42, result.ExitCode);
        Assert.Contains("got-TERM", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signals_the_parent_ignored_are_still_forwarded()
    {
        // nohup (SIGHUP) and a shell's background jobs (SIGINT, SIGQUIT) hand SIG_IGN on through exec.
        using var process = CliProcess.Start(
            ["-c", "trap '' HUP INT QUIT; exec \"$0\" \"$@\"", CliProcess.AppHost, "-init", "--", "sh", "-c", TrapScript],
            Environment(),
            fileName: "/bin/sh");
        await process.WaitForStdoutAsync(l => l == "ready");

        process.Signal(LibC.SIGHUP);
        await process.WaitForStdoutAsync(l => l == "got-HUP");
        process.Signal(LibC.SIGTERM);
        var result = await process.WaitAsync();

        Assert.Equal(42, result.ExitCode);
    }

    [Fact]
    public async Task Orphaned_zombies_are_reaped()
    {
        var result = await Run("-init", "-log-level", "debug", "--", "sh", "-c", OrphanScript, "sh", Path.Combine(TempDirectory, "orphan.pid"));

        Assert.Equal(0, result.ExitCode);
        var orphan = result.Stdout.Split(' ')[1];
        Assert.StartsWith("reaped ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"reaped orphan {orphan}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task As_PID_1_in_a_new_namespace_it_forwards_SIGTERM_and_reaps_zombies()
    {
        Assert.SkipUnless(await CanUnsharePidNamespace(), "needs root and `unshare --pid --fork --mount-proc` (util-linux, CAP_SYS_ADMIN)");
        var script = OrphanScript.Replace("exit 1; fi", "fi", StringComparison.Ordinal) + "\necho pid1=$(cat /proc/1/comm)\n" + TrapScript;
        using var process = CliProcess.Start(
            ["--pid", "--fork", "--mount-proc", CliProcess.AppHost, "-init", "--", "sh", "-c", script, "sh", Path.Combine(TempDirectory, "orphan.pid")],
            Environment(),
            fileName: "unshare");
        var reaped = await process.WaitForStdoutAsync(l => l.StartsWith("reaped ", StringComparison.Ordinal) || l.StartsWith("zombie ", StringComparison.Ordinal));
        await process.WaitForStdoutAsync(l => l == "ready");

        Assert.StartsWith("reaped ", reaped, StringComparison.Ordinal);
        Assert.Contains("pid1=ssmwrap", process.Stdout, StringComparison.Ordinal);
        process.Signal(LibC.SIGTERM, SsmwrapPidUnder(process.Pid));
        var result = await process.WaitAsync();
        Assert.Equal(42, result.ExitCode);
        Assert.Contains("got-TERM", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_refresh_signal_rereads_parameters_and_restarts_the_child()
    {
        Put("/app/version", "v1-secret-value");
        using var process = CliProcess.Start(
            ["-init", "-refresh-signal", "SIGHUP", "-env", "path=/app/*", "--", "sh", "-c", "echo \"version=$VERSION pid=$$\"; trap 'exit 0' TERM; while :; do sleep 0.05; done"],
            Environment());
        var first = await process.WaitForStdoutAsync(l => l.StartsWith("version=v1", StringComparison.Ordinal));

        Put("/app/version", "v2-secret-value");
        process.Signal(LibC.SIGHUP);
        var second = await process.WaitForStdoutAsync(l => l.StartsWith("version=v2", StringComparison.Ordinal));
        process.Signal(LibC.SIGTERM);
        var result = await process.WaitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.NotEqual(first.Split("pid=")[1], second.Split("pid=")[1]);
        Assert.Equal(2, Ssm.Count("GetParametersByPath"));
        AssertNoValueIn(result.Stderr);
    }

    [Fact]
    public async Task A_failed_refresh_keeps_the_running_child()
    {
        Put("/app/version", "v1-secret-value");
        using var process = CliProcess.Start(
            ["-init", "-refresh-signal", "HUP", "-retries", "1", "-env", "path=/app/*", "--", "sh", "-c", "echo \"version=$VERSION\"; trap 'echo stopping; exit 3' TERM; while :; do sleep 0.05; done"],
            Environment());
        await process.WaitForStdoutAsync(l => l == "version=v1-secret-value");

        using var deny = Ssm.DenyAccess();
        process.Signal(LibC.SIGHUP);
        await WaitForStderr(process, "refresh failed");
        process.Signal(LibC.SIGTERM);
        var result = await process.WaitAsync();

        Assert.Equal(3, result.ExitCode);
        Assert.Single(result.StdoutLines, l => l.StartsWith("version=", StringComparison.Ordinal));
        Assert.Contains("keeps the previous values: GetParametersByPath /app failed: AmazonSimpleSystemsManagementException AccessDeniedException", result.Stderr, StringComparison.Ordinal);
        AssertNoValueIn(result.Stderr);
    }

    private static async Task WaitForStderr(CliProcess process, string text)
    {
        var deadline = DateTime.UtcNow + CliProcess.DefaultTimeout;
        while (!process.Stderr.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"'{text}' not seen on stderr:\n{process.Stderr}");
            await Task.Delay(20);
        }
    }

    private static int SsmwrapPidUnder(int unsharePid)
    {
        var deadline = DateTime.UtcNow + CliProcess.DefaultTimeout;
        while (true)
        {
            var children = File.ReadAllText($"/proc/{unsharePid}/task/{unsharePid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (children.Length > 0)
            {
                return int.Parse(children[0], CultureInfo.InvariantCulture);
            }

            Assert.True(DateTime.UtcNow < deadline, "unshare has no child");
            Thread.Sleep(10);
        }
    }

    private static async Task<bool> CanUnsharePidNamespace()
    {
        if (System.Environment.UserName != "root")
        {
            return false;
        }

        try
        {
            using var probe = Process.Start(new ProcessStartInfo("unshare", ["--pid", "--fork", "--mount-proc", "true"]) { RedirectStandardError = true })!;
            await probe.WaitForExitAsync(TestContext.Current.CancellationToken);
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // unshare is not installed
        }
    }
}

using System.Diagnostics;
using GapTools.SsmWrap.Tests.Support;

namespace GapTools.SsmWrap.Tests.Cli;

/// <summary>The real ssmwrap process: values into the environment, then execve.</summary>
public sealed class ExecTests : CliTest
{
    [Fact]
    public async Task Exec_keeps_the_process_id()
    {
        var result = await Run("--", "sh", "-c", "echo $$");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(result.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Stdout.Trim());
    }

    [Fact]
    public async Task Arguments_reach_the_command_unchanged()
    {
        string[] args = ["a b", "c\"d", "e'f", "", "ü ß", "-x", "--", "$HOME", "*", "tab\there", "new\nline"];

        var result = await Run(["--", "sh", "-c", "for a in \"$@\"; do printf '[%s]' \"$a\"; done", "sh", .. args], null);

        Assert.Equal(string.Concat(args.Select(a => $"[{a}]")), result.Stdout);
    }

    [Fact]
    public async Task Ssm_values_join_the_environment_and_override_it()
    {
        Put("/app/db_password", "s3cr3t-pass");
        Put("/app/home", "/from/ssm");

        var result = await Run(
            ["-env", "path=/app/*", "--", "sh", "-c", "printf '%s|%s|%s' \"$DB_PASSWORD\" \"$HOME\" \"$KEEP\""],
            new Dictionary<string, string> { ["HOME"] = "/original", ["KEEP"] = "kept" });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("s3cr3t-pass|/from/ssm|kept", result.Stdout);
    }

    [Fact]
    public async Task Stdin_stdout_and_the_exit_code_pass_through()
    {
        var result = await Run(["--", "sh", "-c", "cat; exit 42"], null, stdin: "piped input");

        Assert.Equal(42, result.ExitCode);
        Assert.Equal("piped input", result.Stdout);
    }

    [Fact]
    public async Task A_command_not_on_PATH_exits_127_with_a_clear_message()
    {
        var result = await Run("--", "no-such-command-here");

        Assert.Equal(127, result.ExitCode);
        Assert.Contains("command not found: no-such-command-here", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_cannot_be_executed_exits_126()
    {
        var script = Path.Combine(TempDirectory, "not-executable");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho hi\n", TestContext.Current.CancellationToken);

        var result = await Run("--", script);

        Assert.Equal(126, result.ExitCode);
        Assert.Contains("cannot execute " + script, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_is_looked_up_on_the_PATH_the_command_will_get()
    {
        var tool = Path.Combine(TempDirectory, "mytool");
        await File.WriteAllTextAsync(tool, "#!/bin/sh\necho found-it\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(tool, (UnixFileMode)Convert.ToInt32("755", 8));
        Put("/app/path", TempDirectory + ":/usr/bin:/bin");

        var result = await Run("-env", "path=/app/path", "--", "mytool");

        Assert.Equal("found-it\n", result.Stdout);
    }

    [Fact]
    public async Task Signal_mask_and_ignored_signals_are_those_of_a_direct_start_except_SIGPIPE_which_is_reset()
    {
        string[] probe = ["grep", "-E", "^Sig(Ign|Blk)", "/proc/self/status"];
        var direct = SignalMasks(await RunDirect(probe));

        var viaSsmwrap = SignalMasks((await Run(["--", .. probe], null)).Stdout);

        // The .NET runtime ignores SIGPIPE (and so may whoever started this test); the command gets the default.
        const ulong SigPipe = 1UL << (13 - 1);
        Assert.Equal(direct["SigBlk"], viaSsmwrap["SigBlk"]);
        Assert.Equal(direct["SigIgn"] & ~SigPipe, viaSsmwrap["SigIgn"]);
    }

    private static Dictionary<string, ulong> SignalMasks(string status) =>
        status.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .ToDictionary(p => p[0], p => ulong.Parse(p[1].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Inherited_descriptors_survive_and_none_of_ours_leak()
    {
        // The opener closes whatever it inherited, then opens fd 7 without close-on-exec: ssmwrap must pass that on.
        // (bash: dash cannot name descriptors above 9.)
        string[] opener = ["bash", "-c", "for fd in /proc/$$/fd/*; do n=${fd##*/}; if [ $n -gt 2 ]; then eval \"exec $n>&-\"; fi; done; exec 7</etc/hostname; exec \"$@\"", "bash"];
        // No pipeline in the probe: a shell's own pipe descriptors would race with the listing. The glob's directory
        // handle is the one extra entry (3), in both runs.
        string[] probe = ["sh", "-c", "for f in /proc/$$/fd/*; do printf '%s ' \"${f##*/}\"; done"];
        var direct = await RunDirect([.. opener, .. probe]);

        var viaSsmwrap = await RunDirect([.. opener, CliProcess.AppHost, "--", .. probe]);

        Assert.Equal("0 1 2 3 7 ", direct);
        Assert.Equal(direct, viaSsmwrap);
    }

    [Fact]
    public async Task Files_are_written_with_mode_0600_before_the_command_starts()
    {
        Put("/app/tls/key", "-----BEGIN PRIVATE KEY-----");
        var key = Path.Combine(TempDirectory, "key.pem");

        var result = await Run("-file", $"path=/app/tls/key,to={key}", "--", "sh", "-c", "stat -c %a \"$1\"; cat \"$1\"", "sh", key);

        Assert.Equal("600\n-----BEGIN PRIVATE KEY-----", result.Stdout);
    }

    [Fact]
    public async Task A_missing_parameter_fails_before_exec_naming_it()
    {
        var marker = Path.Combine(TempDirectory, "ran");

        var result = await Run("-env", "path=/app/missing", "--", "touch", marker);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("parameter /app/missing not found", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Optional_missing_parameters_are_skipped()
    {
        var result = await Run("-env", "path=/app/missing,optional=true", "--", "true");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_collision_fails_naming_both_parameters()
    {
        Put("/a/token", "token-one");
        Put("/b/token", "token-two");

        var result = await Run("-env", "path=/a/*", "-env", "path=/b/*", "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("environment variable TOKEN: /a/token and /b/token both map to it", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_directory_for_a_file_fails_clearly()
    {
        Put("/app/key", "secret-key-data");

        var result = await Run("-file", "path=/app/key,to=/no/such/dir/key", "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory /no/such/dir does not exist", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_come_from_numbered_SSMWRAP_ENV_variables()
    {
        Put("/one/alpha", "value-a");
        Put("/two/beta", "value-b");

        var result = await Run(
            ["--", "sh", "-c", "printf '%s %s' \"$ALPHA\" \"$BETA\""],
            new Dictionary<string, string> { ["SSMWRAP_ENV_1"] = "path=/one/*", ["SSMWRAP_ENV_2"] = "path=/two/beta" });

        Assert.Equal("value-a value-b", result.Stdout);
    }

    [Fact]
    public async Task Version_prints_and_exits_0()
    {
        var result = await Run("-version");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("ssmwrap ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_usage_error_exits_1()
    {
        var result = await Run("-env", "path=/bad path", "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("-env: invalid rule 'path=/bad path'", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<string> RunDirect(string[] command)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (name, value) in CliProcess.Environment())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output;
    }
}

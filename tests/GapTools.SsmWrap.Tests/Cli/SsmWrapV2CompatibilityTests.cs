using GapTools.LocalAws.Faults;
using GapTools.SsmWrap.Tests.Support;

namespace GapTools.SsmWrap.Tests.Cli;

/// <summary>
/// handlename/ssmwrap v2.2.0's behaviour, read from its source (internal/app/rule.go buildEnvName, file_exporter.go,
/// app.go's RetryMaxAttempts, cli.go) and written down as our own cases: the real ssmwrap process against LocalAws,
/// inputs in, environment and files out. Where we differ on purpose, the case says so; docs/migrating-from-ssmwrap.md
/// lists every difference.
/// </summary>
public sealed class SsmWrapV2CompatibilityTests : CliTest
{
    // The command is env itself (no shell in between): a shell may drop variables whose names it cannot hold.
    private async Task<(CliResult Result, Dictionary<string, string> Env)> RunEnv(params string[] flags)
    {
        var result = await Run([.. flags, "--", "env"], null);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in result.StdoutLines)
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            env[line[..eq]] = line[(eq + 1)..];
        }

        return (result, env);
    }

    private static string[] Warnings(CliResult result) =>
        [.. result.Stderr.Split('\n').Where(l => l.Contains("is not a shell variable name", StringComparison.Ordinal))];

    private void PutAwkwardNames()
    {
        Put("/app/PLAIN-SECRET", "plain-dash-value");
        Put("/app/db.host", "db-dot-value");
        Put("/app/1password", "digit-first-value");
        Put("/app/lower_case", "lower-case-value");
    }

    [Fact]
    public async Task Names_are_the_last_segment_upper_cased_with_dots_dashes_and_leading_digits_kept()
    {
        PutAwkwardNames();

        var (result, env) = await RunEnv("-env", "path=/app/*");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("plain-dash-value", env["PLAIN-SECRET"]);
        Assert.Equal("db-dot-value", env["DB.HOST"]);
        Assert.Equal("digit-first-value", env["1PASSWORD"]);
        Assert.Equal("lower-case-value", env["LOWER_CASE"]);
        Assert.False(env.ContainsKey("PLAIN_SECRET"));
    }

    [Fact]
    public async Task Each_name_a_shell_cannot_expand_gets_one_warning_line_naming_it()
    {
        PutAwkwardNames();

        var (result, _) = await RunEnv("-env", "path=/app/*");

        var warnings = Warnings(result);
        Assert.Equal(3, warnings.Length);
        Assert.Contains(warnings, w => w.Contains("PLAIN-SECRET (from /app/PLAIN-SECRET)", StringComparison.Ordinal) && w.Contains("exports it as PLAIN_SECRET", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("DB.HOST (from /app/db.host)", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("1PASSWORD (from /app/1password)", StringComparison.Ordinal) && w.Contains("exports it as _1PASSWORD", StringComparison.Ordinal));
        Assert.All(warnings, w => Assert.StartsWith("ssmwrap: warn: ", w, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sanitize_true_opts_into_posix_names_and_silences_the_warnings()
    {
        PutAwkwardNames();

        var (result, env) = await RunEnv("-env", "path=/app/*,sanitize=true");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("plain-dash-value", env["PLAIN_SECRET"]);
        Assert.Equal("db-dot-value", env["DB_HOST"]);
        Assert.Equal("digit-first-value", env["_1PASSWORD"]);
        Assert.False(env.ContainsKey("PLAIN-SECRET"));
        Assert.Empty(Warnings(result));
    }

    [Fact]
    public async Task Prefix_goes_in_front_as_given_and_is_upper_cased_with_the_name()
    {
        Put("/svc/my-app/api-key", "prefixed-value");

        var (result, env) = await RunEnv("-env", "path=/svc/my-app/*,prefix=tf_", "-env", "path=/svc/**/*,entirepath=true,prefix=x_");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("prefixed-value", env["TF_API-KEY"]);
        Assert.Equal("prefixed-value", env["X_SVC_MY-APP_API-KEY"]); // entirepath: "/" becomes "_", the leading one dropped
    }

    [Fact]
    public async Task Values_override_the_inherited_environment()
    {
        Put("/app/home", "/from/ssm");

        var (result, env) = await RunEnv("-env", "path=/app/home");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/from/ssm", env["HOME"]);
    }

    [Fact]
    public async Task Rules_come_from_SSMWRAP_ENV_and_numbered_variables_as_from_flags()
    {
        Put("/one/a", "value-from-env-1");
        Put("/two/b", "value-from-env-2");
        Put("/three/c", "value-from-flag");

        var result = await Run(
            ["-env", "path=/three/*", "--", "env"],
            new Dictionary<string, string> { ["SSMWRAP_ENV"] = "path=/one/*", ["SSMWRAP_ENV_2"] = "path=/two/*" });

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("A=value-from-env-1", result.StdoutLines);
        Assert.Contains("B=value-from-env-2", result.StdoutLines);
        Assert.Contains("C=value-from-flag", result.StdoutLines);
    }

    [Fact]
    public async Task Entirepath_takes_what_Go_strconv_ParseBool_takes()
    {
        Put("/app/deep/key", "parse-bool-value");

        var (result, env) = await RunEnv("-rule", "path=/app/**/*,type=env,entirepath=t");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("parse-bool-value", env["APP_DEEP_KEY"]);
    }

    // ssmwrap v2.2.0 documents to= for env rules but its code names the variable from the path anyway; we do what the
    // help says. A rule that relied on to= being ignored exports another name here (see the migration guide).
    [Fact]
    public async Task Env_to_names_the_variable_where_v2_would_ignore_it()
    {
        Put("/app/db/url", "to-named-value");

        var (result, env) = await RunEnv("-env", "path=/app/db/url,to=DATABASE_URL");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("to-named-value", env["DATABASE_URL"]);
        Assert.False(env.ContainsKey("URL"));
    }

    [Fact]
    public async Task A_symlinked_file_target_is_written_through_the_link_atomically_with_mode_0600()
    {
        // Kubernetes projects a secret volume as cert.pem -> ..data/cert.pem, ..data -> ..<timestamp>.
        Put("/app/cert", "new-cert-body");
        var volume = Path.Combine(TempDirectory, "volume");
        Directory.CreateDirectory(Path.Combine(volume, "..2025_01_01"));
        File.WriteAllText(Path.Combine(volume, "..2025_01_01", "cert.pem"), "old-cert-body");
        File.CreateSymbolicLink(Path.Combine(volume, "..data"), "..2025_01_01");
        var link = Path.Combine(volume, "cert.pem");
        File.CreateSymbolicLink(link, "..data/cert.pem");

        var result = await Run("-file", $"path=/app/cert,to={link}", "--", "cat", link);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("new-cert-body", result.Stdout);
        Assert.Equal("..data/cert.pem", new FileInfo(link).LinkTarget);
        var target = Path.Combine(volume, "..2025_01_01", "cert.pem");
        Assert.Equal("new-cert-body", File.ReadAllText(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        Assert.Equal(["cert.pem"], Directory.GetFiles(Path.Combine(volume, "..2025_01_01")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("3", 3)] // ssmwrap v2's default
    public async Task Retries_counts_attempts_the_first_included_as_v2_does(string retries, int requests)
    {
        Ssm.Server.Faults.Add(FaultRule.Throttling("ssm"));

        var result = await Run("-retries", retries, "-max-delay", "5ms", "-env", "path=/app/*", "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(requests, Ssm.Requests.Count);
    }

    [Fact]
    public async Task SSMWRAP_RETRIES_counts_attempts_too()
    {
        Ssm.Server.Faults.Add(FaultRule.Throttling("ssm"));

        var result = await Run(["-max-delay", "5ms", "-env", "path=/app/*", "--", "true"], new Dictionary<string, string> { ["SSMWRAP_RETRIES"] = "2" });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(2, Ssm.Requests.Count);
    }

    // v2 treats -retries 0 as "not given"; so do we, and unset means the time budget decides, not a count.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unset_or_zero_retries_outlasts_v2s_three_attempts(bool zero)
    {
        string[] flags = zero ? ["-retries", "0"] : [];
        Put("/app/key", "outlasting-value");
        Ssm.Server.Faults.Add(FaultRule.Throttling("ssm", count: 4));

        var result = await Run([.. flags, "-max-delay", "5ms", "-env", "path=/app/*", "--", "printenv", "KEY"], null);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("outlasting-value", result.Stdout.Trim());
        Assert.Equal(5, Ssm.Requests.Count);
    }

    [Fact]
    public async Task Help_explains_the_attempt_count_the_budget_and_sanitize()
    {
        var result = await Run("-help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("-retries N            at most N attempts per SSM call, the first included, as in ssmwrap v2", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("-retry-budget D", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(default 30s: at least 8 retries", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("sanitize=true: POSIX names instead (api.key-v2 -> API_KEY_V2, 1x -> _1X)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("a symlink at FILE stays and its final target is replaced", result.Stdout, StringComparison.Ordinal);
    }
}

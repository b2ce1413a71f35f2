using System.Text.Json;
using GapTools.SsmWrap.Tests.Support;
using GapTools.Testing;

namespace GapTools.SsmWrap.Tests.Cli;

/// <summary>
/// The real ssmwrap process against LocalAws (real HTTP, SigV4 verified): call counts from the request journal,
/// value types, throttling, refused credentials, dry run, logs.
/// </summary>
public sealed class LoadTests : CliTest
{
    private const string CountSecrets = "env | grep -c -- -secret-";

    // 35 under /bulk (18 direct children, 17 one level deeper) and 25 explicit names.
    private void PutMany()
    {
        for (var i = 0; i < 35; i++)
        {
            Put($"/bulk/{(i < 18 ? "" : "nested/")}p{i:00}", $"bulk-secret-{i:00}", i % 2 == 0 ? "SecureString" : "String");
        }

        for (var i = 0; i < 25; i++)
        {
            Put($"/names/n{i:00}", $"name-secret-{i:00}");
        }
    }

    private static string[] NameRules() => [.. Enumerable.Range(0, 25).SelectMany(i => new[] { "-env", $"path=/names/n{i:00}" })];

    [Fact]
    public async Task Thirty_five_recursively_by_path_and_twenty_five_names_take_seven_calls()
    {
        PutMany();

        var result = await Run(["-env", "path=/bulk/**/*", .. NameRules(), "--", "sh", "-c", CountSecrets], null);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("60", result.Stdout.Trim());
        Assert.Equal(4, Ssm.Count("GetParametersByPath"));
        Assert.Equal(3, Ssm.Count("GetParameters"));
        Assert.Equal(7, Ssm.Requests.Count);
        Assert.Contains("from 60 parameters (7 SSM calls", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_level_takes_only_the_direct_children()
    {
        PutMany();

        var result = await Run(["-env", "path=/bulk/*", "--", "sh", "-c", CountSecrets + "; printf %s \"$P00\""], null);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["18", "bulk-secret-00"], result.StdoutLines);
        Assert.Equal(2, Ssm.Count("GetParametersByPath"));
    }

    [Fact]
    public async Task StringList_json_and_secrets_manager_values_reach_the_command()
    {
        Put("/app/hosts", "db-1.internal,db-2.internal", "StringList");
        Put("/app/settings", """{"pool":{"max":"20"},"mode":"fast-secret"}""", "SecureString");
        Ssm.PutSecret("prod/db", """{"username":"svc","password":"pw-secret-value"}""");
        Ssm.PutSecret("prod/token", "plain-secret-token");

        var result = await Run(
            [
                "-env", "path=/app/hosts,stringlist=index", "-env", "path=/app/settings,json=true",
                "-env", "path=/aws/reference/secretsmanager/prod/db,json=true,prefix=DB_",
                "-env", "path=/aws/reference/secretsmanager/prod/token",
                "--", "sh", "-c", "printf '%s|' \"$HOSTS\" \"$HOSTS_0\" \"$HOSTS_1\" \"$SETTINGS_POOL_MAX\" \"$SETTINGS_MODE\" \"$DB_DB_USERNAME\" \"$DB_DB_PASSWORD\" \"$TOKEN\"",
            ],
            null);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("db-1.internal,db-2.internal|db-1.internal|db-2.internal|20|fast-secret|svc|pw-secret-value|plain-secret-token|", result.Stdout);
        Assert.Equal(1, Ssm.Count("GetParameters"));
        Assert.Equal(2, Ssm.Count("GetParameter"));
    }

    [Fact]
    public async Task A_missing_secret_reference_fails_naming_it()
    {
        var result = await Run("-env", "path=/aws/reference/secretsmanager/prod/none", "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("parameter /aws/reference/secretsmanager/prod/none not found", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Half_the_requests_throttled_still_gives_every_value()
    {
        PutMany();
        Ssm.ThrottleHalf();

        var result = await Run(["-retries", "10", "-max-delay", "20ms", "-env", "path=/bulk/**/*", .. NameRules(), "--", "sh", "-c", CountSecrets], null);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("60", result.Stdout.Trim());
        Assert.Equal(4, Ssm.Answered("GetParametersByPath"));
        Assert.Equal(3, Ssm.Answered("GetParameters"));
        // Rolls alternate throttled/served from the first request, and every throttled one is retried until served:
        // 7 served calls make exactly 14 requests, half of them throttled (the journal shows each).
        Assert.Equal(7, Ssm.Throttled);
        Assert.Equal(14, Ssm.Requests.Count);
        // -retries 10 is ten attempts (ssmwrap v2's meaning): nine retries.
        Assert.Contains("Retrying ssm.GetParametersByPath (retry 1 of 9)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("ThrottlingException (HTTP 400", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("from 60 parameters (7 SSM calls", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttled_to_the_end_it_exits_1_after_exactly_the_attempts_asked_for()
    {
        Ssm.Server.Faults.Add(GapTools.LocalAws.Faults.FaultRule.Throttling("ssm"));

        var result = await Run("-retries", "3", "-max-delay", "5ms", "-env", "path=/app/*", "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("still throttled after every retry allowed", result.Stderr, StringComparison.Ordinal);
        // -retries counts attempts, as in ssmwrap v2; one retry layer: the SDK client ssmwrap creates does not retry on
        // its own (that would be 3 x 3).
        Assert.Equal(3, Ssm.Requests.Count);
    }

    [Fact]
    public async Task Access_denied_exits_1_at_once_with_the_reason()
    {
        using var deny = Ssm.DenyAccess();

        var result = await Run("-env", "path=/app/*", "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("GetParametersByPath /app failed: AmazonSimpleSystemsManagementException AccessDeniedException", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("check the IAM policy", result.Stderr, StringComparison.Ordinal);
        Assert.Single(Ssm.Requests);
    }

    [Fact]
    public async Task A_wrong_secret_key_exits_1_after_exactly_one_request()
    {
        PutMany();
        const string WrongSecret = "wrong-secret-access-key-value";

        var result = await RunAs(LocalSsm.AccessKey, WrongSecret, ["-env", "path=/bulk/**/*", .. NameRules(), "--", "true"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("InvalidSignatureException (HTTP 400", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("check the secret access key", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongSecret, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Retrying", result.Stderr, StringComparison.Ordinal);
        // The first refusal cancels the calls not yet sent: one request, no retry storm.
        var request = Assert.Single(Ssm.Requests);
        Assert.Equal("InvalidSignatureException", request.ErrorCode);
    }

    [Fact]
    public async Task An_unknown_access_key_exits_1_after_exactly_one_request()
    {
        PutMany();

        var result = await RunAs("AKIAUNKNOWNUNKNOWN00", LocalSsm.SecretKey, ["-env", "path=/bulk/**/*", .. NameRules(), "--", "true"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("UnrecognizedClientException (HTTP 400", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("AWS does not know this access key", result.Stderr, StringComparison.Ordinal);
        var request = Assert.Single(Ssm.Requests);
        Assert.Equal("AKIAUNKNOWNUNKNOWN00", request.AccessKeyId);
    }

    [Fact]
    public async Task Dry_run_shows_names_and_files_masked_and_runs_nothing()
    {
        Put("/app/db_password", "hunter2-secret");
        Put("/app/tls/key", "-----BEGIN KEY----- secret");
        var marker = Path.Combine(TempDirectory, "ran");
        var key = Path.Combine(TempDirectory, "key.pem");

        var result = await Run("-dry-run", "-env", "path=/app/*,prefix=APP_", "-file", $"path=/app/tls/key,to={key}", "--", "touch", marker);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("rule    path=/app/*,type=env,prefix=APP_", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("env     APP_DB_PASSWORD=**** <- /app/db_password", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"file    {key} (mode 0600, content masked) <- /app/tls/key", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("command touch " + marker, result.Stdout, StringComparison.Ordinal);
        AssertNoValueIn(result.Stdout);
        Assert.False(File.Exists(marker));
        Assert.False(File.Exists(key));
    }

    [Fact]
    public async Task Json_logs_are_one_object_per_line_and_hold_no_values()
    {
        Put("/app/api_key", "json-log-secret");

        var started = DateTimeOffset.UtcNow;
        var result = await Run(["-log-format", "json", "-log-level", "debug", "-env", "path=/app/*", "--", "true"], new Dictionary<string, string> { ["TZ"] = "Asia/Tokyo" });

        Assert.Equal(0, result.ExitCode);
        var lines = JsonLogLines.Parse(result.Stderr, started, DateTimeOffset.UtcNow); // the workers' schema, in UTC
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal("ssmwrap", l.Text("category")));
        Assert.Contains(lines, l => l.Text("level") == "Debug" && l.Text("message")!.Contains("API_KEY=****", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Text("level") == "Information" && l.GetProperty("parameters").GetInt32() == 1);
    }

    [Theory]
    [InlineData("warn")]
    [InlineData("warning")]
    public async Task Log_level_warning_hides_information(string level)
    {
        Put("/app/api_key", "level-secret");

        var quiet = await Run("-log-level", level, "-env", "path=/app/*", "--", "true");
        var usual = await Run("-env", "path=/app/*", "--", "true");

        Assert.Equal((0, ""), (quiet.ExitCode, quiet.Stderr));
        Assert.StartsWith("ssmwrap: info: loaded 1 variable and 0 files from 1 parameter (1 SSM call", usual.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_log_level_exits_1_with_one_line()
    {
        var result = await Run("-log-level", "loud", "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("ssmwrap: error: -log-level: 'loud' is not one of debug|info|warn|error|trace|information|warning|critical|none", result.Stderr.Trim());
    }

    [Fact]
    public async Task Without_a_command_files_are_written_and_ssmwrap_exits_0()
    {
        Put("/app/cert", "cert-body-secret");
        var cert = Path.Combine(TempDirectory, "cert.pem");

        var result = await Run("-file", $"path=/app/cert,to={cert}");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("cert-body-secret", await File.ReadAllTextAsync(cert, TestContext.Current.CancellationToken));
    }
}

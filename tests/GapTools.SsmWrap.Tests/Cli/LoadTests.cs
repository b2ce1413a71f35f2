using System.Text.Json;
using GapTools.SsmWrap.Tests.Fakes;
using GapTools.SsmWrap.Tests.Support;

namespace GapTools.SsmWrap.Tests.Cli;

/// <summary>The real ssmwrap process against the fake endpoint: call counts, retries, failures, dry run, logs.</summary>
public sealed class LoadTests : CliTest
{
    private void PutMany()
    {
        for (var i = 0; i < 35; i++)
        {
            Put($"/bulk/{(i < 18 ? "" : "nested/")}p{i:00}", $"bulk-secret-{i:00}");
        }

        for (var i = 0; i < 25; i++)
        {
            Put($"/names/n{i:00}", $"name-secret-{i:00}");
        }
    }

    private static string[] NameRules() => [.. Enumerable.Range(0, 25).SelectMany(i => new[] { "-env", $"path=/names/n{i:00}" })];

    [Fact]
    public async Task Thirty_five_by_path_and_twenty_five_names_take_seven_calls()
    {
        PutMany();

        var result = await Run(["-env", "path=/bulk/**/*", .. NameRules(), "--", "sh", "-c", "env | grep -c -- -secret-"], null);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("60", result.Stdout.Trim());
        Assert.Equal(4, Server.Count("GetParametersByPath"));
        Assert.Equal(3, Server.Count("GetParameters"));
        Assert.Contains("from 60 parameters (7 SSM calls", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Half_the_requests_throttled_still_gives_every_value()
    {
        PutMany();
        Server.Fault = r => r.Sequence % 2 == 1 ? SsmFault.Throttling : null;

        var result = await Run(["-retries", "10", "-max-delay", "20ms", "-env", "path=/bulk/**/*", .. NameRules(), "--", "sh", "-c", "env | grep -c -- -secret-"], null);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("60", result.Stdout.Trim());
        Assert.Equal(4, Server.Answered.Count(r => r.Operation == "GetParametersByPath"));
        Assert.Equal(3, Server.Answered.Count(r => r.Operation == "GetParameters"));
        Assert.True(Server.Requests.Count >= 14, $"{Server.Requests.Count} requests");
        Assert.Contains("Retrying ssm.GetParametersByPath (retry 1 of 10)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_denied_exits_1_at_once_with_the_reason()
    {
        Server.Fault = _ => SsmFault.AccessDenied;

        var result = await Run("-env", "path=/app/*", "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("GetParametersByPath /app failed: AmazonSimpleSystemsManagementException AccessDeniedException", result.Stderr, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Wrong_credentials_exit_1_without_a_retry_storm()
    {
        var result = await CliProcess.RunAsync(["-env", "path=/app/*", "--", "true"], Environment(accessKey: "AKIAWRONGWRONGWRONG"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("UnrecognizedClientException", result.Stderr, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
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

        var result = await Run("-log-format", "json", "-log-level", "debug", "-env", "path=/app/*", "--", "true");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal("ssmwrap", document.RootElement.GetProperty("logger").GetString());
        }

        Assert.Contains(lines, l => l.Contains("API_KEY=****", StringComparison.Ordinal));
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

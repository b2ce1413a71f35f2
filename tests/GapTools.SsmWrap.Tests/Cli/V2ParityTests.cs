using GapTools.SsmWrap.Tests.Support;

namespace GapTools.SsmWrap.Tests.Cli;

/// <summary>
/// Differences found running ssmwrap v2.2.0 side by side, pinned on the real ssmwrap process against LocalAws:
/// no region, a bare call, the README's Secrets Manager example and <c>to=</c> on env rules.
/// </summary>
public sealed class V2ParityTests : CliTest
{
    // Without AWS_ENDPOINT_URL_SSM too: with an explicit endpoint the SDK needs no region and the call goes through.
    [Fact]
    public async Task No_region_anywhere_exits_1_with_one_line_naming_the_ways_to_set_one()
    {
        Put("/app/token", "region-less-secret");
        var environment = Environment(new Dictionary<string, string>
        {
            ["HOME"] = TempDirectory,
            ["AWS_CONFIG_FILE"] = Path.Combine(TempDirectory, "no-config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(TempDirectory, "no-credentials"),
        });
        environment.Remove("AWS_REGION");
        environment.Remove("AWS_DEFAULT_REGION");
        environment.Remove("AWS_PROFILE");
        environment.Remove("AWS_ENDPOINT_URL_SSM");

        var result = await CliProcess.RunAsync(["-env", "path=/app/*", "--", "true"], environment);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("AWS_REGION", line, StringComparison.Ordinal);
        Assert.Contains("AWS_DEFAULT_REGION", line, StringComparison.Ordinal);
        Assert.Contains("profile", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Ssm.Requests);
        AssertNoValueIn(result.Stderr);
    }

    [Fact]
    public async Task Bare_ssmwrap_prints_the_usage_on_stderr_and_exits_1_as_v2_does()
    {
        var result = await Run();

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("Usage: ssmwrap [flags] [--] command [args...]", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("-env  path=P", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Ssm.Requests);
    }

    [Fact]
    public async Task The_readme_secrets_manager_example_gives_DB_USERNAME_and_DB_PASSWORD()
    {
        Ssm.PutSecret("prod/db", """{"username":"svc-user","password":"pw-secret-value"}""");

        // The example line of README.md and src/SsmWrap/README.md, verbatim.
        var result = await Run(
            "-env", "path=/aws/reference/secretsmanager/prod/db,json=true",
            "--", "sh", "-c", "printf '%s|%s|%s' \"$DB_USERNAME\" \"$DB_PASSWORD\" \"${DB_DB_USERNAME-unset}\"");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("svc-user|pw-secret-value|unset", result.Stdout);
    }

    [Fact]
    public async Task Env_to_names_the_one_variable_and_is_the_base_of_json_keys()
    {
        Put("/app/db/url", "postgres://db-secret-url");
        Put("/app/settings", """{"pool":{"max":"20"}}""");

        var result = await Run(
            "-env", "path=/app/db/url,to=DATABASE_URL", "-env", "path=/app/settings,json=true,to=Cfg",
            "--", "sh", "-c", "printf '%s|%s|%s' \"$DATABASE_URL\" \"$Cfg_POOL_MAX\" \"${URL-unset}\"");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("postgres://db-secret-url|20|unset", result.Stdout);
    }

    [Fact]
    public async Task Env_to_on_a_path_selecting_several_parameters_fails_naming_the_rule()
    {
        Put("/app/a", "value-one");
        Put("/app/b", "value-two");

        var result = await Run("-env", "path=/app/*,to=ONE", "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("to=ONE names one variable, but the path selects 2 parameters (/app/a, /app/b): path=/app/*,type=env,to=ONE", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Env_to_on_a_path_selecting_one_parameter_works()
    {
        Put("/app/only", "the-only-value");

        var result = await Run("-env", "path=/app/*,to=ONE", "--", "sh", "-c", "printf %s \"$ONE\"");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("the-only-value", result.Stdout);
    }
}

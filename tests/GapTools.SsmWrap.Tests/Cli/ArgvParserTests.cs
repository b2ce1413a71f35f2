using GapTools.SsmWrap.Cli.Arguments;
using GapTools.Core;
using Microsoft.Extensions.Logging;

namespace GapTools.SsmWrap.Tests.Cli;

public class ArgvParserTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private static CliOptions Parse(params string[] args) => ArgvParser.Parse(args, NoEnvironment);

    [Fact]
    public void Ssmwrap_v2_flags_with_one_dash()
    {
        var options = Parse("-env", "path=/app/*,prefix=APP_", "-file", "path=/app/key,to=/run/key,mode=0400", "-rule", "path=/x/y,type=env", "-retries", "7", "--", "app", "--flag");

        Assert.Equal(["path=/app/*,type=env,prefix=APP_", "path=/app/key,type=file,to=/run/key,mode=0400", "path=/x/y,type=env"], options.Rules.Select(r => r.ToString()));
        Assert.Equal(7, options.Attempts);
        Assert.Equal(6, options.MaxRetries); // ssmwrap counts attempts; the loader counts retries
        Assert.Equal(["app", "--flag"], options.Command);
    }

    [Fact]
    public void Double_dashes_and_equals_work_too()
    {
        var options = Parse("--env=path=/a/*", "--max-delay=500ms", "--dry-run", "--log-format", "json", "--log-level=debug", "--init", "--refresh-signal", "SIGUSR1", "--stop-timeout", "3s");

        Assert.Equal("path=/a/*,type=env", Assert.Single(options.Rules).ToString());
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.MaxDelay);
        Assert.Equal(SsmWrapDefaults.RetryBudget, options.RetryBudget);
        Assert.Null(options.Attempts);
        Assert.Equal(SsmWrapDefaults.MaxRetries, options.MaxRetries);
        Assert.Equal(TimeSpan.FromMinutes(2), Parse("-retry-budget", "2m").RetryBudget);
        Assert.Null(Parse("-retries", "0").Attempts); // ssmwrap v2: 0 is "not given"
        Assert.True(options.DryRun);
        Assert.Equal(LogFormat.Json, options.LogFormat);
        Assert.Equal(LogLevel.Debug, options.LogLevel);
        Assert.True(options.Init);
        Assert.Equal(10, options.RefreshSignal);
        Assert.Equal(TimeSpan.FromSeconds(3), options.StopTimeout);
        Assert.Empty(options.Command);
    }

    [Fact]
    public void Parsing_stops_at_the_first_non_flag_and_keeps_the_rest_verbatim()
    {
        var options = Parse("-env", "path=/a/*", "sh", "-c", "echo \"$X\"", "--", "-env");

        Assert.Equal(["sh", "-c", "echo \"$X\"", "--", "-env"], options.Command);
    }

    [Fact]
    public void Flags_come_from_the_environment_and_the_command_line_wins_for_single_values()
    {
        var environment = new Dictionary<string, string>
        {
            ["SSMWRAP_ENV_10"] = "path=/ten/*",
            ["SSMWRAP_ENV_2"] = "path=/two/*",
            ["SSMWRAP_ENV"] = "path=/plain/*",
            ["SSMWRAP_ENV_1"] = "path=/one/*",
            ["SSMWRAP_ENV_EXTRA"] = "not a rule: ssmwrap v2 reads only digits after SSMWRAP_ENV_",
            ["SSMWRAP_FILE_1"] = "path=/f/x,to=/tmp/x",
            ["SSMWRAP_RULE"] = "path=/r/*,type=env",
            ["SSMWRAP_RETRIES"] = "2",
            ["SSMWRAP_DRY_RUN"] = "true",
            ["SSMWRAP_LOG_FORMAT"] = "json",
            ["SSMWRAP_ENVIRONMENT"] = "not a rule: SSMWRAP_ENV_ needs the underscore",
        };

        var options = ArgvParser.Parse(["-retries", "9", "-env", "path=/argv/*", "app"], environment);

        Assert.Equal(
            ["/plain/*", "/one/*", "/two/*", "/ten/*", "/f/x", "/r/*", "/argv/*"],
            options.Rules.Select(r => r.Selector.ToString()));
        Assert.Equal(9, options.Attempts);
        Assert.True(options.DryRun);
        Assert.Equal(LogFormat.Json, options.LogFormat);
        Assert.Equal(["app"], options.Command);
    }

    [Theory]
    [InlineData(new[] { "-nope" }, "unknown flag -nope")]
    [InlineData(new[] { "-env" }, "flag -env needs a value")]
    [InlineData(new[] { "-retries", "many" }, "-retries: 'many' is not a number")]
    [InlineData(new[] { "-retries", "102" }, "-retries: '102' is not a number of attempts from 1 to 101 (0: the default)")]
    [InlineData(new[] { "-retries", "-1" }, "-retries: '-1' is not a number of attempts")]
    [InlineData(new[] { "-retry-budget", "61m" }, "-retry-budget: '61m' is not a retry budget from 1ms to 60m")]
    [InlineData(new[] { "-retry-budget", "0" }, "-retry-budget: '0' is not a positive duration")]
    [InlineData(new[] { "-max-delay", "soon" }, "-max-delay: 'soon' is not a positive duration")]
    [InlineData(new[] { "-max-delay", "61m" }, "-max-delay: '61m' is not a delay from 1ms to 60m")]
    [InlineData(new[] { "-max-delay", "0.5ms" }, "-max-delay: '0.5ms' is not a delay from 1ms to 60m")]
    [InlineData(new[] { "-env", "path=/a b" }, "-env: invalid rule 'path=/a b'")]
    [InlineData(new[] { "-refresh-signal", "SIGHUP" }, "-refresh-signal needs -init")]
    [InlineData(new[] { "-init", "-refresh-signal", "SIGTERM" }, "not a refresh signal")]
    [InlineData(new[] { "-log-format", "xml" }, "'xml' is not one of text|json")]
    public void Bad_input_is_a_usage_error_naming_the_flag(string[] args, string message) =>
        Assert.Contains(message, Assert.Throws<UsageException>(() => Parse(args)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_bad_environment_value_names_the_variable() =>
        Assert.Contains(
            "SSMWRAP_ENV_3: invalid rule",
            Assert.Throws<UsageException>(() => ArgvParser.Parse([], new Dictionary<string, string> { ["SSMWRAP_ENV_3"] = "prefix=X" })).Message,
            StringComparison.Ordinal);

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("2s", 2000)]
    [InlineData("1.5", 1500)]
    [InlineData("1m", 60000)]
    public void Durations_accept_units(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Durations.Parse(text));

    [Fact]
    public void Version_and_help_switches()
    {
        Assert.True(Parse("-version").ShowVersion);
        Assert.True(Parse("--help").ShowHelp);
        Assert.True(Parse("-h").ShowHelp);
    }
}

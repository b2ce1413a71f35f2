using System.Text.Json;
using GapTools.Testing;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>
/// The worker's logs as its own process writes them: levels from <c>--log-level</c> and the <c>Logging</c> section,
/// the JSON lines of docs/logging.md in UTC whatever the local zone, and the message, object and batch scopes.
/// </summary>
public sealed class LoggingProcessTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Json_lines_are_utc_carry_the_scopes_and_Logging_env_turns_on_debug()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        var environment = Environment(world);
        environment["TZ"] = "Asia/Tokyo";
        environment["Logging__LogLevel__Default"] = "Debug";
        environment["GAPTOOLS_S3ToRedshift__Batch__MaxObjects"] = "1"; // the batch closes inside its message's handling
        var started = DateTimeOffset.UtcNow;
        using var tool = CliProcess.Start(environment, "--log-format", "json");
        await world.PutAsync("data/a.json", 1, 2);

        await Eventually.TrueAsync(() => tool.Output.Contains("\"message\":\"Loaded 1 object (2 rows)", StringComparison.Ordinal), TimeSpan.FromSeconds(60), () => tool.Output);
        tool.Terminate();
        Assert.Equal(0, await tool.WaitForExitAsync(TimeSpan.FromSeconds(40)));

        var lines = JsonLogLines.Parse(tool.Output, started, DateTimeOffset.UtcNow);
        var loaded = Assert.Single(lines, l => l.Text("message")!.StartsWith("Loaded 1 object (2 rows) into public.events", StringComparison.Ordinal));
        Assert.Equal("Information", loaded.Text("level"));
        Assert.Equal("GapTools.S3ToRedshift.Sink.BatchLoader", loaded.Text("category"));
        Assert.Equal(1, loaded.GetProperty("objects").GetInt32());
        Assert.Equal(2, loaded.GetProperty("rows").GetInt32());
        Assert.Equal("public.events", loaded.Text("table"));
        Assert.Matches("^[0-9a-f]{32}$", loaded.Text("batchId"));   // the COPY's scope
        Assert.False(loaded.TryGetProperty("messageId", out _), "the batch loop serves every message: no message's scope may leak into it");

        // Debug from the environment's Logging section; closed by the message's own add, so inside its scopes.
        var closed = Assert.Single(lines, l => l.Text("message")!.StartsWith("Batch for public.events closed: 1 object,", StringComparison.Ordinal));
        Assert.Equal("Debug", closed.Text("level"));
        Assert.False(string.IsNullOrEmpty(closed.Text("messageId")));
        Assert.Equal((WorkerHarness.Bucket, "data/a.json"), (closed.Text("bucket"), closed.Text("key")));
    }

    [Fact]
    public async Task Log_level_warning_keeps_warnings_and_hides_information()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        using var tool = CliProcess.Start(Environment(world), "--log-level", "warning");
        await world.PutAsync("elsewhere/x.json", 1); // matches no target: a warning
        await world.PutAsync("data/a.json", 1);

        await Eventually.TrueAsync(() => tool.Output.Contains("matches no target", StringComparison.Ordinal), TimeSpan.FromSeconds(60), () => tool.Output);
        await Eventually.TrueAsync(() => world.ScalarAsync("SELECT count(*) FROM public.events").GetAwaiter().GetResult() == 1, TimeSpan.FromSeconds(60), () => tool.Output);
        tool.Terminate();
        Assert.Equal(0, await tool.WaitForExitAsync(TimeSpan.FromSeconds(40)));

        var lines = tool.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains(" warn: GapTools.S3ToRedshift.Source.EventProcessor: Message ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(" info: ", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"\[\d+\]", tool.Output); // no event ids
    }

    private static Dictionary<string, string> Environment(WorkerHarness world)
    {
        var settings = world.Settings();
        settings["S3ToRedshift:Batch:MaxWait"] = "00:00:00.200";
        return settings.Where(kv => kv.Value is not null)
            .ToDictionary(kv => "GAPTOOLS_" + kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
    }
}

/// <summary>A bad level is one configuration error naming its flag or key, exit 1, no stack trace.</summary>
public sealed class LogLevelErrorProcessTests
{
    [Theory]
    [InlineData("--log-level", "loud", "Configuration error: --log-level 'loud' is not one of trace|debug|information|warning|error|critical|none.")]
    [InlineData("Logging__LogLevel__Default", "Loud", "Configuration error: Logging:LogLevel:Default 'Loud' is not a log level (Trace, Debug, Information, Warning, Error, Critical, None).")]
    [InlineData("GAPTOOLS_Logging__LogLevel__GapTools.Workers", "2", "Configuration error: Logging:LogLevel:GapTools.Workers '2' is not a log level (Trace, Debug, Information, Warning, Error, Critical, None).")]
    public async Task A_bad_level_exits_1_with_one_line(string where, string value, string expected)
    {
        var flag = where.StartsWith("--", StringComparison.Ordinal);
        using var tool = CliProcess.Start(
            flag ? new Dictionary<string, string>() : new Dictionary<string, string> { [where] = value },
            flag ? [where, value, "--dry-run"] : ["--dry-run"]);

        Assert.Equal(1, await tool.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(expected, tool.Output.Trim());
    }
}

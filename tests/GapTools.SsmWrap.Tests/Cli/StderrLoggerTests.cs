using System.Text.Json;
using GapTools.SsmWrap.Cli.Arguments;
using GapTools.SsmWrap.Cli.Logging;
using GapTools.SsmWrap.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace GapTools.SsmWrap.Tests.Cli;

public class StderrLoggerTests
{
    [Fact]
    public void Text_lines_carry_the_level()
    {
        using var writer = new StringWriter();
        var logger = new StderrLogger(writer, LogFormat.Text, LogLevel.Information, new ManualTimeProvider());

        Log.Loaded(logger, 3, 1, 4, 2, 15);
        Log.Reaped(logger, 99);

        Assert.Equal("ssmwrap: info: loaded 3 variables and 1 file from 4 parameters (2 SSM calls, 15 ms)\n", writer.ToString());
    }

    [Fact]
    public void Json_lines_have_the_workers_schema()
    {
        using var writer = new StringWriter();
        var logger = new StderrLogger(writer, LogFormat.Json, LogLevel.Debug, new ManualTimeProvider(new DateTimeOffset(2025, 1, 1, 9, 0, 0, 123, TimeSpan.FromHours(9))));

        Log.ChildExited(logger, 42, 3);
        Log.Loaded(logger, 1, 2, 3, 1, 15);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var exited = JsonDocument.Parse(lines[0]);
        Assert.Equal("2025-01-01T00:00:00.123Z", exited.RootElement.GetProperty("timestamp").GetString());
        Assert.Equal("Information", exited.RootElement.GetProperty("level").GetString());
        Assert.Equal("ssmwrap", exited.RootElement.GetProperty("category").GetString());
        Assert.Equal("child 42 exited with status 3", exited.RootElement.GetProperty("message").GetString());
        Assert.Equal(42, exited.RootElement.GetProperty("pid").GetInt32());
        Assert.Equal(3, exited.RootElement.GetProperty("exitCode").GetInt32());
        using var loaded = JsonDocument.Parse(lines[1]);
        Assert.Equal("loaded 1 variable and 2 files from 3 parameters (1 SSM call, 15 ms)", loaded.RootElement.GetProperty("message").GetString());
        Assert.Equal(1, loaded.RootElement.GetProperty("variables").GetInt32()); // the count, not its phrase
    }
}

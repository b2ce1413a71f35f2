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

        Assert.Equal("ssmwrap: info: loaded 3 variables and 1 files from 4 parameters (2 SSM calls, 15 ms)\n", writer.ToString());
    }

    [Fact]
    public void Json_lines_are_objects_with_the_fields()
    {
        using var writer = new StringWriter();
        var logger = new StderrLogger(writer, LogFormat.Json, LogLevel.Debug, new ManualTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        Log.ChildExited(logger, 42, 3);

        using var line = JsonDocument.Parse(writer.ToString());
        Assert.Equal("info", line.RootElement.GetProperty("level").GetString());
        Assert.Equal("child 42 exited with status 3", line.RootElement.GetProperty("msg").GetString());
        Assert.Equal(42, line.RootElement.GetProperty("pid").GetInt32());
        Assert.Equal(3, line.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal("2025-01-01T00:00:00.0000000+00:00", line.RootElement.GetProperty("time").GetString());
    }
}

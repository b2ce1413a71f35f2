using GapTools.Cli;

namespace GapTools.Core.Tests.Workers;

public sealed class WorkerCommandLineTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1.5h", 5400)]
    [InlineData("00:02:00", 120)]
    [InlineData("1.5", 1.5)]
    [InlineData("250ms", 0.25)]
    public void Durations_read_units_and_timespans(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.ParseOptional(text));

    [Theory]
    [InlineData("10x")]
    [InlineData("soon")]
    [InlineData("-5m")]
    public void Bad_durations_are_refused_with_the_text(string text) =>
        Assert.Contains(text, Assert.Throws<FormatException>(() => Durations.ParseOptional(text)).Message, StringComparison.Ordinal);

    [Fact]
    public async Task The_shared_flags_and_the_backfill_subcommand_become_an_invocation()
    {
        WorkerInvocation? seen = null;
        IReadOnlyDictionary<string, string?>? overrides = null;
        var exit = await WorkerCommandLine.InvokeAsync("tool", "test", ["backfill", "s3://my-bucket/in/", "--batch", "--max-execution-time", "5m", "--set", "Tool:Sqs:Queue=q1", "--log-format", "json", "--log-level", "WARNING"],
            (invocation, set, _) =>
            {
                seen = invocation;
                overrides = set;
                return Task.FromResult(7);
            });

        Assert.Equal(7, exit);
        Assert.Equal(new S3Uri("my-bucket", "in/"), seen!.Backfill);
        Assert.Equal(WorkerSource.Backfill, seen.Source);
        Assert.True(seen.Batch);
        Assert.Equal(TimeSpan.FromMinutes(5), seen.MaxExecutionTime);
        Assert.Equal(WorkerLogFormat.Json, seen.LogFormat);
        Assert.Equal("Warning", seen.LogLevel);
        Assert.Equal("q1", overrides!["Tool:Sqs:Queue"]);
    }

    [Theory]
    [InlineData("s3://bucket", "bucket", "")]
    [InlineData("s3://bucket/a/b c/", "bucket", "a/b c/")]
    public void S3_uris_split_bucket_and_prefix(string text, string bucket, string prefix) =>
        Assert.Equal(new S3Uri(bucket, prefix), S3Uri.Parse(text));

    [Theory]
    [InlineData("https://bucket/a")]
    [InlineData("s3://")]
    [InlineData("s3:///key")]
    public void Bad_s3_uris_are_refused(string text) => Assert.Throws<FormatException>(() => S3Uri.Parse(text));
}

public sealed class WorkerCommandLineErrorTests
{
    [Theory]
    [InlineData("missing.json", "does not exist")]
    [InlineData("settings.ini", "is not a configuration file this tool reads (.json)")]
    [InlineData("broken.json", "(line 2)")]
    public async Task A_bad_config_file_is_one_line_naming_it_and_exit_1(string name, string expected)
    {
        var folder = Directory.CreateTempSubdirectory();
        var path = Path.Combine(folder.FullName, name);
        if (name != "missing.json")
        {
            await File.WriteAllTextAsync(path, "{\n  \"Tool\": { oops }\n}", TestContext.Current.CancellationToken);
        }

        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var exit = await WorkerCommandLine.InvokeAsync("tool", "test", ["--config", path],
                (invocation, overrides, _) => Task.FromResult(WorkerHost.CreateBuilder(invocation, overrides, "Tool") is null ? 2 : 0));

            Assert.Equal(1, exit);
        }
        finally
        {
            Console.SetError(previous);
            folder.Delete(recursive: true);
        }

        var text = error.ToString();
        Assert.StartsWith("Configuration error: ", text, StringComparison.Ordinal);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }
}

using GapTools.Core.Workers;

namespace GapTools.Core.Tests.Workers;

public sealed class WorkerCommandLineTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1.5h", 5400)]
    [InlineData("00:02:00", 120)]
    public void Durations_read_units_and_timespans(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), WorkerCommandLine.ParseDuration(text));

    [Theory]
    [InlineData("10x")]
    [InlineData("soon")]
    [InlineData("-5m")]
    public void Bad_durations_are_refused_with_the_text(string text) =>
        Assert.Contains(text, Assert.Throws<FormatException>(() => WorkerCommandLine.ParseDuration(text)).Message, StringComparison.Ordinal);

    [Fact]
    public async Task The_shared_flags_and_the_backfill_subcommand_become_an_invocation()
    {
        WorkerInvocation? seen = null;
        IReadOnlyDictionary<string, string?>? overrides = null;
        var exit = await WorkerCommandLine.InvokeAsync("tool", "test", ["backfill", "s3://my-bucket/in/", "--batch", "--max-execution-time", "5m", "--set", "Sqs:Queue=q1", "--log-format", "json"],
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
        Assert.Equal("q1", overrides!["Sqs:Queue"]);
    }

    [Theory]
    [InlineData("s3://bucket", "bucket", "")]
    [InlineData("s3://bucket/a/b c/", "bucket", "a/b c/")]
    public void S3_uris_split_bucket_and_prefix(string text, string bucket, string prefix) =>
        Assert.Equal(new S3Uri(bucket, prefix), S3Uri.Parse(text));

    [Theory]
    [InlineData("https://bucket/a")]
    [InlineData("s3://b")]
    public void Bad_s3_uris_are_refused(string text) => Assert.Throws<FormatException>(() => S3Uri.Parse(text));
}

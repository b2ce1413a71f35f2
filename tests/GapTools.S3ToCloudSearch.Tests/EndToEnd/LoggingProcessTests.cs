using GapTools.Testing;

namespace GapTools.S3ToCloudSearch.Tests.EndToEnd;

/// <summary>
/// The worker's JSON lines as its own process writes them (docs/logging.md): UTC whatever the local zone, the object
/// and message scopes on the object's lines, the endpoint's scope on the uploader's, and no message's scope there.
/// </summary>
public sealed class LoggingProcessTests
{
    [Fact]
    public async Task Json_lines_are_utc_and_carry_the_object_and_endpoint_scopes()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.PutAsync("in/a.json", """{"type":"add","id":"a","fields":{"t":"x"}}""");
        var environment = ProcessTests.Credentials(harness);
        environment["TZ"] = "Asia/Tokyo";
        environment["Logging__LogLevel__Default"] = "Debug";
        var started = DateTimeOffset.UtcNow;
        using var tool = CliProcess.Start(environment, ProcessTests.Settings(harness, "--batch", "--log-format", "json"));

        Assert.Equal(0, await tool.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var lines = JsonLogLines.Parse(tool.Output, started, DateTimeOffset.UtcNow);
        var done = Assert.Single(lines, l => l.Text("message")!.EndsWith(": 1 document uploaded, 0 error lines, 0 characters stripped, 0 characters replaced by U+FFFD", StringComparison.Ordinal));
        Assert.Equal("Information", done.Text("level"));
        Assert.Equal("s3://" + WorkerHarness.Bucket + "/in/a.json", done.Text("object"));
        Assert.False(string.IsNullOrEmpty(done.Text("messageId")));
        Assert.Equal(1, done.GetProperty("uploaded").GetInt32());

        var endpoint = new Uri(harness.DocumentEndpoint()).GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        var accepted = Assert.Single(lines, l => l.Text("message")!.StartsWith("CloudSearch accepted a batch of 1 document (", StringComparison.Ordinal));
        Assert.Equal($"CloudSearch accepted a batch of 1 document ({accepted.GetProperty("bytes").GetInt32()} bytes)", accepted.Text("message"));
        Assert.Equal("Debug", accepted.Text("level"));
        Assert.Equal(endpoint, accepted.Text("endpoint"));
        Assert.False(accepted.TryGetProperty("messageId", out _), "the uploader serves every message: the first one's scope must not flow into it");
    }
}

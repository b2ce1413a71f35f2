using GapTools.Core;
using System.Text;
using System.Text.Json.Nodes;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.S3ToCloudSearch.Sink;
using GapTools.S3ToCloudSearch.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace GapTools.S3ToCloudSearch.Tests.Sink;

public sealed class ErrorSinkTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly S3Uri Location = new("errors-bucket", "errors/");

    [Fact]
    public async Task Error_lines_are_json_lines_with_key_line_reason_and_raw_text_written_on_flush()
    {
        var store = new FakeS3ObjectStore();
        var sink = new ErrorSink(store, Location, new S3ToCloudSearchMetrics(), NullLogger.Instance);
        var progress = TestObjects.Progress("in/a b.json");

        await sink.ReportAsync(progress, new ErrorRecord(ErrorKinds.Invalid, 12, 0, "not valid JSON", 5, "{oops"u8.ToArray()), Ct);
        await sink.ReportAsync(progress, new ErrorRecord(ErrorKinds.TooLarge, 13, 4, "too long", 3_000_000, default), Ct);
        await sink.ReportAsync(progress, new ErrorRecord(ErrorKinds.Invalid, 14, 0, "bad bytes", 2, new byte[] { 0xC3, 0x28 }), Ct);
        Assert.Empty(store.Objects);
        await sink.FlushAsync(progress, Ct);

        var (key, content) = Assert.Single(store.Objects);
        Assert.Equal("errors-bucket/errors/bucket/in/a b.json.errors-0001.jsonl", key);
        var lines = Encoding.UTF8.GetString(content).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(("bucket", "in/a b.json", 12L, "invalid", "{oops"), ((string?)lines[0]["bucket"], (string?)lines[0]["key"], (long)lines[0]["line"]!, (string?)lines[0]["kind"], (string?)lines[0]["raw"]));
        Assert.Null(lines[0]["element"]);
        Assert.Equal((4L, 3_000_000L), ((long)lines[1]["element"]!, (long)lines[1]["size"]!));
        Assert.Null(lines[1]["raw"]);
        Assert.Equal(Convert.ToBase64String([0xC3, 0x28]), (string?)lines[2]["rawBase64"]);
    }

    [Fact]
    public async Task Many_errors_go_out_in_parts_of_about_a_megabyte()
    {
        var store = new FakeS3ObjectStore();
        var sink = new ErrorSink(store, Location, new S3ToCloudSearchMetrics(), NullLogger.Instance);
        var progress = TestObjects.Progress();
        var raw = Encoding.UTF8.GetBytes(new string('r', 10_000));
        for (var i = 1; i <= 250; i++)
        {
            await sink.ReportAsync(progress, new ErrorRecord(ErrorKinds.Invalid, i, 0, "bad", raw.Length, raw), Ct);
        }

        Assert.Equal(2, store.Objects.Count); // written as they filled, before the flush
        await sink.FlushAsync(progress, Ct);

        Assert.Equal(3, store.Objects.Count);
        Assert.All(store.Objects.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Value).SkipLast(1), part => Assert.InRange(part.Length, ErrorSink.PartBytes, ErrorSink.PartBytes + 11_000));
        var lines = store.Objects.OrderBy(o => o.Key, StringComparer.Ordinal).SelectMany(o => Encoding.UTF8.GetString(o.Value).Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(Enumerable.Range(1, 250).Select(i => (long)i), lines.Select(l => (long)JsonNode.Parse(l)!["line"]!));
    }

    [Fact]
    public async Task Without_a_location_errors_are_only_logged_and_counted()
    {
        var sink = new ErrorSink(null, null, new S3ToCloudSearchMetrics(), NullLogger.Instance);
        var progress = TestObjects.Progress();

        await sink.ReportAsync(progress, new ErrorRecord(ErrorKinds.Invalid, 1, 0, "bad", 1, "x"u8.ToArray()), Ct);
        await sink.FlushAsync(progress, Ct);

        Assert.Equal(1, progress.Errors.Seen);
    }
}

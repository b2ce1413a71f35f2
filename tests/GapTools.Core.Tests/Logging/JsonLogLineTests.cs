using System.Buffers;
using System.Text.Json;
using GapTools.Core.Logging;
using Microsoft.Extensions.Logging;

namespace GapTools.Core.Tests.Logging;

public class JsonLogLineTests
{
    [Fact]
    public void Fixed_fields_first_then_named_values_once_each()
    {
        var line = Write(
            new DateTimeOffset(2026, 1, 31, 12, 4, 5, 678, TimeSpan.FromHours(9)),
            [("{OriginalFormat}", "Loaded {Objects} into {Table}"), ("Objects", Counted.Of(1, "object")), ("Table", "public.events"), ("Message", "overwrites nothing")],
            [("Table", "scope's table"), ("BatchId", "b1")],
            [("BatchId", "outer"), ("MessageId", "m1")]);

        Assert.Equal(
            """{"timestamp":"2026-01-31T03:04:05.678Z","level":"Warning","category":"Cat","message":"text","exception":"boom","objects":1,"table":"public.events","batchId":"b1","messageId":"m1"}""",
            line);
    }

    [Fact]
    public void Values_keep_their_json_types()
    {
        var line = Write(DateTimeOffset.UnixEpoch, [("Count", 3L), ("Ratio", 0.5), ("Ok", true), ("None", null), ("Delay", TimeSpan.FromSeconds(1.5)), ("Kind", LogLevel.Error), ("Real", double.NaN)]);

        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        Assert.Equal(3, root.GetProperty("count").GetInt64());
        Assert.Equal(0.5, root.GetProperty("ratio").GetDouble());
        Assert.True(root.GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("none").ValueKind);
        Assert.Equal("00:00:01.5000000", root.GetProperty("delay").GetString());
        Assert.Equal("Error", root.GetProperty("kind").GetString());
        Assert.Equal("NaN", root.GetProperty("real").GetString());
    }

    [Theory]
    [InlineData(1, "1 object")]
    [InlineData(0, "0 objects")]
    [InlineData(2, "2 objects")]
    public void Counted_reads_right(long value, string text) => Assert.Equal(text, Counted.Of(value, "object").ToString());

    private static string Write(DateTimeOffset time, (string, object?)[] state, params (string, object?)[][] scopes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var line = JsonLogLine.Begin(json, time, LogLevel.Warning, "Cat", "text", "boom");
            line.Add(Pairs(state));
            foreach (var scope in scopes)
            {
                line.Add(Pairs(scope));
            }

            line.Add("a plain string scope adds nothing");
            line.End();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static List<KeyValuePair<string, object?>> Pairs((string Key, object? Value)[] values) => [.. values.Select(v => new KeyValuePair<string, object?>(v.Key, v.Value))];
}

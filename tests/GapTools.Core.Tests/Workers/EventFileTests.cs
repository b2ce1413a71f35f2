using GapTools.Workers;

namespace GapTools.Core.Tests.Workers;

public sealed class EventFileTests
{
    private const string PutEvent = """
        {
          "Records": [
            { "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", "eventTime": "2026-11-23T10:00:00.000Z",
              "eventName": "ObjectCreated:Put",
              "s3": { "bucket": { "name": "data" }, "object": { "key": "in/a+b.json", "size": 12, "eTag": "abc" } } }
          ]
        }
        """;

    [Fact]
    public void A_pretty_printed_single_event_is_one_entry()
    {
        var entry = Assert.Single(EventFile.Parse(PutEvent));

        Assert.Equal(1, entry.LineNumber);
        Assert.Equal("in/a b.json", Assert.Single(entry.Events.Created).Object.Key);
    }

    [Fact]
    public void Json_lines_keep_their_line_numbers_and_a_bad_line_is_rejected_alone()
    {
        var oneLine = PutEvent.ReplaceLineEndings(" ");
        var entries = EventFile.Parse($"{oneLine}\n\nnot json\n{oneLine}\n");

        Assert.Equal([1, 3, 4], entries.Select(e => e.LineNumber));
        Assert.Single(entries[0].Events.Created);
        Assert.Single(entries[1].Events.Rejected);
        Assert.Single(entries[2].Events.Created);
    }
}

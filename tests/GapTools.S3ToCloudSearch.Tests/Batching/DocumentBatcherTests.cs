using System.Text;
using System.Text.Json.Nodes;
using GapTools.S3ToCloudSearch.Batching;

namespace GapTools.S3ToCloudSearch.Tests.Batching;

public sealed class DocumentBatcherTests
{
    private static byte[] Doc(int size, char fill = 'x')
    {
        var envelope = """{"type":"delete","id":""}""";
        return Encoding.UTF8.GetBytes(envelope.Replace("\"\"", "\"" + new string(fill, size - envelope.Length) + "\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_batch_is_a_json_array_of_the_documents_in_order()
    {
        var batcher = new DocumentBatcher();
        Assert.True(batcher.TryAdd("""{"type":"delete","id":"a"}"""u8));
        Assert.True(batcher.TryAdd("""{"type":"delete","id":"b"}"""u8));

        var batch = batcher.ToBatch();

        Assert.Equal(2, JsonNode.Parse(batch.Span)!.AsArray().Count);
        Assert.Equal(batch.Length, batcher.Length);
        Assert.Equal("""{"type":"delete","id":"b"}""", Encoding.UTF8.GetString(batcher.Document(1).Span));
    }

    [Fact]
    public void The_document_that_would_overflow_is_refused_and_the_batch_ends_exactly_at_the_limit()
    {
        var batcher = new DocumentBatcher(maxBatchBytes: 2 + 100 + 1 + 97);
        Assert.True(batcher.TryAdd(Doc(100)));
        Assert.False(batcher.TryAdd(Doc(98)));
        Assert.Equal(1, batcher.Count);
        Assert.True(batcher.TryAdd(Doc(97)));

        Assert.Equal(200, batcher.Length);
        Assert.Equal(200, batcher.ToBatch().Length);
        Assert.Equal(DocumentBatcher.SizeOf(2, 197), batcher.Length);
    }

    [Fact]
    public void Many_documents_never_exceed_and_nearly_fill_the_limit()
    {
        const int limit = 64 * 1024;
        var random = new Random(7);
        var batcher = new DocumentBatcher(limit);
        var sizes = new List<int>();
        for (var i = 0; i < 5000; i++)
        {
            var doc = Doc(random.Next(40, 900));
            if (!batcher.TryAdd(doc))
            {
                sizes.Add(batcher.Length);
                batcher.Clear();
                Assert.True(batcher.TryAdd(doc));
            }
        }

        Assert.All(sizes, s => Assert.InRange(s, limit - 900, limit));
    }

    [Fact]
    public void A_document_that_could_never_fit_throws_instead_of_being_refused_forever()
    {
        var batcher = new DocumentBatcher(maxBatchBytes: 50);

        Assert.Throws<ArgumentException>(() => batcher.TryAdd(Doc(49)));
        Assert.True(batcher.TryAdd(Doc(48)));
    }

    [Fact]
    public void Clear_makes_it_reusable()
    {
        var batcher = new DocumentBatcher();
        batcher.TryAdd(Doc(100, 'a'));
        batcher.Clear();
        batcher.TryAdd(Doc(30, 'b'));

        Assert.Equal(32, batcher.ToBatch().Length);
        Assert.DoesNotContain((byte)'a', batcher.ToBatch().ToArray());
    }
}

using System.IO.Compression;
using System.Text;
using GapTools.S3ToCloudSearch.Source;
using GapTools.S3ToCloudSearch.Tests.Fakes;

namespace GapTools.S3ToCloudSearch.Tests.Source;

public sealed class DocumentReaderTests
{
    private static async Task<List<(SourceItemKind Kind, string Json, long Line, long Element, long Size, string? Reason)>> ReadAllAsync(
        byte[] data, int maxDocumentBytes = 1000, int chunk = int.MaxValue)
    {
        var items = new List<(SourceItemKind, string, long, long, long, string?)>();
        await using var reader = await DocumentReader.OpenAsync(new TrickleStream(data, chunk), maxDocumentBytes, TestContext.Current.CancellationToken);
        while (true)
        {
            var item = await reader.ReadAsync(TestContext.Current.CancellationToken);
            if (item.Kind == SourceItemKind.End)
            {
                return items;
            }

            items.Add((item.Kind, Encoding.UTF8.GetString(item.Json.Span), item.Line, item.Element, item.Size, item.Reason));
        }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Json_lines_are_split_with_their_line_numbers_skipping_blank_lines(int chunk)
    {
        var items = await ReadAllAsync(Utf8("\uFEFF\n{\"a\":1}\r\n\n   \n  {\"b\":2}  \n{\"c\":3}"), chunk: chunk);

        Assert.Equal([("{\"a\":1}", 2L), ("{\"b\":2}", 5L), ("{\"c\":3}", 6L)], items.Select(i => (i.Json, i.Line)));
        Assert.All(items, i => Assert.Equal(SourceItemKind.Document, i.Kind));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(7)]
    public async Task A_line_over_the_limit_is_skipped_without_losing_the_next_lines(int chunk)
    {
        var longLine = "{\"t\":\"" + new string('x', 5000) + "\"}";
        var items = await ReadAllAsync(Utf8($"{{\"a\":1}}\n{longLine}\n{{\"b\":2}}\n{longLine}"), maxDocumentBytes: 100, chunk: chunk);

        Assert.Equal(
            [(SourceItemKind.Document, 1L, 7L), (SourceItemKind.TooLarge, 2L, (long)longLine.Length), (SourceItemKind.Document, 3L, 7L), (SourceItemKind.TooLarge, 4L, (long)longLine.Length)],
            items.Select(i => (i.Kind, i.Line, i.Size)));
    }

    [Fact]
    public async Task A_line_exactly_at_the_limit_is_kept()
    {
        var line = "{\"t\":\"" + new string('x', 92) + "\"}";
        Assert.Equal(100, line.Length);

        var items = await ReadAllAsync(Utf8(line + "\n"), maxDocumentBytes: 100, chunk: 9);

        Assert.Equal(line, Assert.Single(items).Json);
    }

    [Fact]
    public async Task Gzip_is_detected_by_magic_bytes_whatever_the_name()
    {
        var plain = Utf8("{\"a\":1}\n{\"b\":2}\n");
        var fromGzip = await ReadAllAsync(Gzip(plain), chunk: 5);
        var fromPlain = await ReadAllAsync(plain);

        Assert.Equal(fromPlain, fromGzip);
        Assert.Equal(2, fromGzip.Count);
    }

    [Fact]
    public async Task Concatenated_gzip_members_are_all_read()
    {
        var data = Gzip(Utf8("{\"a\":1}\n")).Concat(Gzip(Utf8("{\"b\":2}\n"))).ToArray();

        Assert.Equal(2, (await ReadAllAsync(data)).Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    [InlineData("[]")]
    [InlineData(" [ ] [ ]\n")]
    public async Task Empty_objects_have_no_documents(string text)
    {
        Assert.Empty(await ReadAllAsync(Utf8(text)));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Json_array_elements_are_split_exactly(int chunk)
    {
        const string text = """
            [
              {"id":"a","fields":{"t":"brackets ] } [ { and \"quotes\" and \\"}},
              {"id":"b","fields":{"list":[1,[2],{"x":"]"}]}},
              "bare string",  42 ,
              {"id":"c"}
            ]
            [{"id":"d"}]
            """;

        var items = await ReadAllAsync(Utf8(text), chunk: chunk);

        Assert.Equal(
            [
                ("""{"id":"a","fields":{"t":"brackets ] } [ { and \"quotes\" and \\"}}""", 2L, 1L),
                ("""{"id":"b","fields":{"list":[1,[2],{"x":"]"}]}}""", 3L, 2L),
                ("\"bare string\"", 4L, 3L),
                ("42", 4L, 4L),
                ("""{"id":"c"}""", 5L, 5L),
                ("""{"id":"d"}""", 7L, 6L),
            ],
            items.Select(i => (i.Json, i.Line, i.Element)));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(3)]
    public async Task An_array_element_over_the_limit_is_skipped_and_the_rest_read(int chunk)
    {
        var big = "{\"t\":\"" + new string('y', 3000) + "\\\"]}\"}";
        var items = await ReadAllAsync(Utf8($"[{{\"a\":1}},\n{big},\n{{\"b\":2}}]"), maxDocumentBytes: 100, chunk: chunk);

        Assert.Equal(
            [(SourceItemKind.Document, "{\"a\":1}", 1L), (SourceItemKind.TooLarge, "", 2L), (SourceItemKind.Document, "{\"b\":2}", 3L)],
            items.Select(i => (i.Kind, i.Json, i.Line)));
        Assert.Equal(big.Length, items[1].Size);
    }

    [Theory]
    [InlineData("[{\"a\":1} {\"b\":2}]", "',' or ']' was expected")]
    [InlineData("[{\"a\":1},]", "unexpected ']'")]
    [InlineData("[{\"a\":1}, {\"b\":", "ends inside element #2")]
    [InlineData("[{\"a\":1}", "ends inside the array")]
    [InlineData("[{\"a\":1}] x", "'[' was expected")]
    public async Task A_broken_array_keeps_the_documents_before_the_break(string text, string reason)
    {
        var items = await ReadAllAsync(Utf8(text));

        Assert.Equal("{\"a\":1}", items[0].Json);
        var broken = items[^1];
        Assert.Equal(SourceItemKind.Malformed, broken.Kind);
        Assert.Contains(reason, broken.Reason, StringComparison.Ordinal);
    }
}

using System.Text;
using System.Text.Json.Nodes;
using GapTools.S3ToCloudSearch.Conversion;

namespace GapTools.S3ToCloudSearch.Tests.Conversion;

public sealed class SdfConverterTests
{
    private readonly SdfConverter converter = new();

    private SdfConversion Convert(string json) => converter.Convert(Encoding.UTF8.GetBytes(json));

    private static string Text(SdfConversion conversion) => Encoding.UTF8.GetString(conversion.Document.Span);

    [Fact]
    public void An_add_line_becomes_an_sdf_add_with_type_first()
    {
        var result = Convert("""{"fields":{"title":"Seeker","genres":["Drama","Fantasy"],"year":2007},"id":"tt1","type":"add"}""");

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(SdfOperationType.Add, result.Type);
        Assert.Equal("""{"type":"add","id":"tt1","fields":{"title":"Seeker","genres":["Drama","Fantasy"],"year":2007}}""", Text(result));
    }

    [Fact]
    public void A_delete_line_becomes_an_sdf_delete()
    {
        var result = Convert("""{"type":"delete","id":"a/b#c:d_e-f"}""");

        Assert.Equal(SdfOperationType.Delete, result.Type);
        Assert.Equal("""{"type":"delete","id":"a/b#c:d_e-f"}""", Text(result));
    }

    [Fact]
    public void Fields_null_on_a_delete_reads_as_absent()
    {
        Assert.Equal("""{"type":"delete","id":"x"}""", Text(Convert("""{"type":"delete","id":"x","fields":null}""")));
    }

    [Fact]
    public void Escapes_are_resolved_and_non_ascii_text_stays_utf8()
    {
        var result = Convert("""{"type":"add","id":"a\/b","fields":{"t":"caf\u00e9 \"q\" 東京 😀","n":-1.5e3}}""");

        Assert.True(result.IsValid, result.Error);
        var text = Text(result);
        Assert.Contains("café", text, StringComparison.Ordinal);
        Assert.Contains("東京 😀", text, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"a/b\"", text, StringComparison.Ordinal);
        Assert.Equal("café \"q\" 東京 😀", (string?)JsonNode.Parse(text)!["fields"]!["t"]);
        Assert.Equal(-1500, (double)JsonNode.Parse(text)!["fields"]!["n"]!);
    }

    [Theory]
    [InlineData("""{"type":"add","id":"a","fields":{"t":"bell\u0007 and \u0000nul"}}""", "bell and nul", 2)]
    [InlineData("""{"type":"add","id":"a","fields":{"t":"\ufffe\uffffz"}}""", "z", 2)]
    [InlineData("""{"type":"add","id":"a","fields":{"t":"\ud83d\ude00 kept, \b\f stripped, \t\n\r kept"}}""", "😀 kept,  stripped, \t\n\r kept", 2)]
    public void Characters_xml_forbids_are_stripped_and_counted(string json, string expected, int stripped)
    {
        var result = Convert(json);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal((stripped, 0), (result.StrippedCharacters, result.ReplacedCharacters));
        Assert.Equal(expected, (string?)JsonNode.Parse(Text(result))!["fields"]!["t"]);
    }

    [Theory]
    [InlineData("""["x\ud800y","\udc00"]""", new[] { "x\ufffdy", "\ufffd" }, 2)]
    [InlineData("""["\ud83d\u0041","\ud83d\ud83d\ude00"]""", new[] { "\ufffdA", "\ufffd😀" }, 2)]
    public void Lone_surrogate_escapes_become_u_fffd_as_gos_decoder_makes_them(string array, string[] expected, int replaced)
    {
        var result = Convert("""{"type":"add","id":"a","fields":{"t":""" + array + "}}");

        Assert.True(result.IsValid, result.Error);
        Assert.Equal((0, replaced), (result.StrippedCharacters, result.ReplacedCharacters));
        Assert.Equal(expected, JsonNode.Parse(Text(result))!["fields"]!["t"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public void Raw_invalid_utf8_becomes_u_fffd_and_a_raw_u_ffff_is_stripped()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":"add","id":"a","fields":{"t":"AXBYC"}}""");
        var x = Array.IndexOf(bytes, (byte)'X');
        var withBad = bytes[..x].Concat(new byte[] { 0xC3 }).Concat(bytes[(x + 1)..]).ToArray(); // truncated sequence
        var y = Array.IndexOf(withBad, (byte)'Y');
        withBad = withBad[..y].Concat(new byte[] { 0xEF, 0xBF, 0xBF }).Concat(withBad[(y + 1)..]).ToArray(); // U+FFFF

        var result = converter.Convert(withBad);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal((1, 1), (result.StrippedCharacters, result.ReplacedCharacters));
        Assert.Equal("A\uFFFDBC", (string?)JsonNode.Parse(Text(result))!["fields"]!["t"]);
    }

    [Theory]
    [InlineData(new byte[] { 0xE3, 0x81 }, "\uFFFD\uFFFD")] // a truncated 3-byte sequence: one U+FFFD per byte, as Go
    [InlineData(new byte[] { 0xFF }, "\uFFFD")]
    [InlineData(new byte[] { 0xC0, 0xAF }, "\uFFFD\uFFFD")] // overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "\uFFFD\uFFFD\uFFFD")] // an encoded surrogate
    [InlineData(new byte[] { 0xE3, 0x81, 0x82 }, "あ")]
    public void Each_invalid_byte_becomes_one_u_fffd_like_s32cs(byte[] bad, string expected)
    {
        var head = Encoding.UTF8.GetBytes("""{"type":"add","id":"a","fields":{"t":"<""");
        var tail = Encoding.UTF8.GetBytes(""">"}}""");

        var result = converter.Convert([.. head, .. bad, .. tail]);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal("<" + expected + ">", (string?)JsonNode.Parse(Text(result))!["fields"]!["t"]);
        Assert.Equal(expected.Count(c => c == '\uFFFD'), result.ReplacedCharacters);
    }

    [Fact]
    public void A_raw_u_fffe_in_otherwise_valid_utf8_is_stripped()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":"add","id":"a","fields":{"t":"A\uFFFEB"}}""".Replace("\\uFFFE", "\uFFFE", StringComparison.Ordinal));

        var result = converter.Convert(bytes);

        Assert.Equal(1, result.StrippedCharacters);
        Assert.Equal("AB", (string?)JsonNode.Parse(Text(result))!["fields"]!["t"]);
    }

    [Fact]
    public void Other_top_level_properties_are_left_out_and_named_once_each()
    {
        var result = Convert("""{"version":3,"type":"add","_comment":{"by":"etl"},"id":"a","lang":"ja","fields":{"t":"x"},"version":4}""");

        Assert.True(result.IsValid, result.Error);
        Assert.Equal("""{"type":"add","id":"a","fields":{"t":"x"}}""", Text(result));
        Assert.Equal(["version", "_comment", "lang"], result.IgnoredProperties);
        Assert.Empty(Convert("""{"type":"delete","id":"b"}""").IgnoredProperties);
    }

    [Fact]
    public void Id_type_and_fields_match_in_any_letter_case_as_gos_decoder_matches_them()
    {
        var result = Convert("""{"ID":"a","Type":"add","FIELDS":{"t":"x"},"\u0069d2":1}""");

        Assert.True(result.IsValid, result.Error);
        Assert.Equal("""{"type":"add","id":"a","fields":{"t":"x"}}""", Text(result));
        Assert.Equal(["id2"], result.IgnoredProperties);
        Assert.Contains("duplicate property 'Id'", Convert("""{"id":"a","Id":"b","type":"delete"}""").Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"add","id":"bad id","fields":{"t":"x"}}""", "id 'bad id' is invalid")]
    [InlineData("""{"type":"add","id":"","fields":{"t":"x"}}""", "id '' is invalid")]
    [InlineData("""{"type":"add","id":"a\u0007","fields":{"t":"x"}}""", "is invalid")]
    [InlineData("""{"type":"add","id":7,"fields":{"t":"x"}}""", "\"id\" must be a string")]
    [InlineData("""{"type":"add","fields":{"t":"x"}}""", "missing \"id\"")]
    [InlineData("""{"id":"a","fields":{"t":"x"}}""", "missing \"type\"")]
    [InlineData("""{"type":"upsert","id":"a"}""", "\"type\" must be \"add\" or \"delete\"")]
    [InlineData("""{"type":"ADD","id":"a","fields":{"t":"x"}}""", "\"type\" must be")]
    [InlineData("""{"type":"add","id":"a"}""", "needs \"fields\"")]
    [InlineData("""{"type":"add","id":"a","fields":{}}""", "at least one field")]
    [InlineData("""{"type":"add","id":"a","fields":[1]}""", "must be an object")]
    [InlineData("""{"type":"delete","id":"a","fields":{"t":"x"}}""", "must not have \"fields\"")]
    [InlineData("""{"type":"add","id":"a","fields":{"Title":"x"}}""", "invalid field name 'Title'")]
    [InlineData("""{"type":"add","id":"a","fields":{"score":"x"}}""", "invalid field name 'score'")]
    [InlineData("""{"type":"add","id":"a","fields":{"_x":"x"}}""", "invalid field name '_x'")]
    [InlineData("""{"type":"add","id":"a","fields":{"t":{"nested":1}}}""", "field 't' must be a string, a number")]
    [InlineData("""{"type":"add","id":"a","fields":{"t":true}}""", "field 't' must be")]
    [InlineData("""{"type":"add","id":"a","fields":{"t":[1,null]}}""", "field 't' must be")]
    [InlineData("""{"type":"add","id":"a","fields":{"t":"x","t":"y"}}""", "field 't' appears twice")]
    [InlineData("""{"type":"add","id":"a","id":"b","fields":{"t":"x"}}""", "duplicate property 'id'")]
    [InlineData("""{"type":"add","id":"a","version":1}""", "needs \"fields\"")]
    [InlineData("""[{"type":"add"}]""", "must be a JSON object")]
    [InlineData("""{"type":"add","id":"a","fields":{"t":"x"}""", "not valid JSON")]
    [InlineData("""{"type":"add","id":"a","fields":{"t":"x"}} trailing""", "not valid JSON")]
    [InlineData("""not json""", "not valid JSON")]
    public void Invalid_documents_are_rejected_with_a_reason_naming_the_problem(string json, string reason)
    {
        var result = Convert(json);

        Assert.False(result.IsValid);
        Assert.Equal(SdfOperationType.None, result.Type);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.True(result.Document.IsEmpty);
    }

    [Fact]
    public void Rejection_messages_never_contain_field_values()
    {
        var result = Convert("""{"type":"add","id":"a","fields":{"secret":{"password":"hunter2"}}}""");

        Assert.DoesNotContain("hunter2", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_fields_are_checked_for_duplicates_too()
    {
        var fields = string.Join(',', Enumerable.Range(0, 100).Select(i => $"\"f{i}\":{i}"));
        Assert.True(Convert("""{"type":"add","id":"a","fields":{""" + fields + "}}").IsValid);
        Assert.Contains("'f3' appears twice", Convert("""{"type":"add","id":"a","fields":{""" + fields + ""","f3":1}}""").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_over_1_MB_serialized_is_rejected_and_one_just_under_passes()
    {
        const string envelope = """{"type":"add","id":"big","fields":{"t":""}}""";
        var fits = new string('x', SdfLimits.MaxDocumentBytes - envelope.Length);
        var over = fits + "x";

        Assert.Equal(SdfLimits.MaxDocumentBytes, Convert(envelope.Replace("\"\"", $"\"{fits}\"", StringComparison.Ordinal)).Document.Length);
        var rejected = Convert(envelope.Replace("\"\"", $"\"{over}\"", StringComparison.Ordinal));
        Assert.False(rejected.IsValid);
        Assert.Contains("1,048,577 bytes", rejected.Error, StringComparison.Ordinal);
        Assert.Contains("'big'", rejected.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_converter_is_reusable_after_a_rejection()
    {
        Assert.False(Convert("""{"type":"add","id":"a","fields":{"t":true}}""").IsValid);
        Assert.Equal("""{"type":"add","id":"b","fields":{"t":"ok"}}""", Text(Convert("""{"id":"b","type":"add","fields":{"t":"ok"}}""")));
    }
}

using System.Text;
using System.Text.Json;
using GapTools.LocalAws.Redshift.Copy;

namespace GapTools.LocalAws.Tests.Redshift.Copy;

public sealed class JsonRecordReaderTests
{
    private static readonly S3Url File = new("bucket", "data.json");

    private static readonly TargetColumn[] Columns =
    [
        new("id", "integer", "int4", IsCharacter: false, NotNull: false, MaxLength: null),
        new("name", "text", "text", IsCharacter: true, NotNull: false, MaxLength: null),
        new("tags", "text", "text", IsCharacter: true, NotNull: false, MaxLength: null),
    ];

    [Fact]
    public void Auto_matches_keys_exactly_and_loads_nested_values_as_json_text()
    {
        var records = Split("""
            {"id": 1, "name": "a", "tags": ["x", "y"]}
            {"ID": 2, "Name": "b", "tags": {"k": true}}
            """, new JsonFormat(JsonMode.Auto));

        Assert.Equal(["1", "a", """["x", "y"]"""], records[0].Values);
        Assert.Equal([null, null, """{"k": true}"""], records[1].Values);
    }

    [Fact]
    public void Auto_ignorecase_matches_keys_in_any_case()
    {
        var records = Split("""{"ID": 2, "Name": "b", "TAGS": null}""", new JsonFormat(JsonMode.AutoIgnoreCase));
        Assert.Equal(["2", "b", null], records[0].Values);
    }

    [Fact]
    public void Records_may_span_lines_and_report_their_last_line()
    {
        var records = Split("{\"id\": 1}\n\n{\n  \"id\": 2,\n  \"name\": \"x\"\n}\n{\"id\": 3}", new JsonFormat(JsonMode.Auto));

        Assert.Equal([1L, 6L, 7L], records.Select(r => r.LineNumber));
        Assert.Equal("2", records[1].Values![0]);
    }

    [Fact]
    public void Non_object_records_are_rejected_in_auto_mode()
    {
        var records = Split("[1, 2]\n{\"id\": 1}", new JsonFormat(JsonMode.Auto));
        Assert.Contains("expected an object", records[0].Error!.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(records[1].Error);
    }

    [Fact]
    public void Malformed_json_rejects_the_rest_of_the_file_once()
    {
        var records = Split("{\"id\": 1}\n{\"id\": oops}\n{\"id\": 3}", new JsonFormat(JsonMode.Auto));

        Assert.Equal(2, records.Count);
        Assert.StartsWith("Invalid JSON", records[1].Error!.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(2, records[1].LineNumber);
    }

    [Fact]
    public void JsonPaths_pick_values_by_path_and_missing_paths_are_null()
    {
        var paths = JsonPath.ParseFile(Encoding.UTF8.GetBytes("""{"jsonpaths": ["$.user.id", "$['user']['full name']", "$.tags[1]"]}"""), File, 3);
        var records = Split("""{"user": {"id": 7, "full name": "Ann"}, "tags": ["a", "b"]} {"user": {}}""", new JsonFormat(JsonMode.JsonPaths, File), paths);

        Assert.Equal(["7", "Ann", "b"], records[0].Values);
        Assert.Equal([null, null, null], records[1].Values);
    }

    [Theory]
    [InlineData("$.a.b", new object[] { "a", "b" })]
    [InlineData("$['a b'][\"c\"]", new object[] { "a b", "c" })]
    [InlineData("$[0].x", new object[] { 0, "x" })]
    public void JsonPath_parses_dot_bracket_and_index_steps(string path, object[] steps) =>
        Assert.Equal(steps, JsonPath.Parse(path).Steps);

    [Theory]
    [InlineData("a.b")]
    [InlineData("$.")]
    [InlineData("$['open")]
    [InlineData("$[x]")]
    [InlineData("$*")]
    public void JsonPath_rejects_what_redshift_does_not_support(string path) =>
        Assert.StartsWith("Invalid JSONPath format", Assert.Throws<RedshiftCopyException>(() => JsonPath.Parse(path)).Message, StringComparison.Ordinal);

    [Fact]
    public void JsonPaths_count_must_match_the_columns() =>
        Assert.StartsWith(
            "Number of jsonpaths and the number of columns should match. JSONPath size: 1, Number of columns in table or column list: 3",
            Assert.Throws<RedshiftCopyException>(() => JsonPath.ParseFile(Encoding.UTF8.GetBytes("""{"jsonpaths": ["$.a"]}"""), File, 3)).Message,
            StringComparison.Ordinal);

    [Fact]
    public void Scalars_convert_to_text_as_written()
    {
        using var document = JsonDocument.Parse("""[1.50, true, false, null, "s"]""");
        Assert.Equal(["1.50", "true", "false", null, "s"], document.RootElement.EnumerateArray().Select(JsonRecordReader.ToText));
    }

    private static List<SourceRecord> Split(string json, JsonFormat format, IReadOnlyList<JsonPath>? paths = null) =>
        JsonRecordReader.Split(Encoding.UTF8.GetBytes(json), File, format, Columns, paths).ToList();
}

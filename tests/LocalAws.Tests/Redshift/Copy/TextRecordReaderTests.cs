using System.Text;
using GapTools.LocalAws.Redshift.Copy;

namespace GapTools.LocalAws.Tests.Redshift.Copy;

public sealed class TextRecordReaderTests
{
    private static readonly S3Url File = new("bucket", "data.csv");

    [Fact]
    public async Task Csv_quotes_may_hold_delimiters_newlines_and_doubled_quotes()
    {
        var records = await Read("1,\"a, b\",\"line1\nline2\"\n2,\"say \"\"hi\"\"\",plain\n", new CsvFormat(), 3);

        Assert.Equal(["1", "a, b", "line1\nline2"], records[0].Values);
        Assert.Equal(1, records[0].LineNumber);
        Assert.Equal(["2", "say \"hi\"", "plain"], records[1].Values);
        Assert.Equal(3, records[1].LineNumber); // the quoted newline moved it down a line
    }

    [Fact]
    public async Task Csv_null_as_matches_unquoted_fields_only_and_empty_quotes_stay_empty()
    {
        var records = await Read("NA,\"NA\",,\"\"\n", new CsvFormat { Null = "NA" }, 4);
        Assert.Equal([null, "NA", "", ""], records[0].Values);
    }

    [Fact]
    public async Task Custom_delimiter_and_quote_header_skip_crlf_and_blank_lines()
    {
        var records = await Read("id;name\r\n1;%x;y%\r\n\r\n2;%50%%%\r\n", new CsvFormat { Delimiter = ';', Quote = '%', IgnoreHeader = 1 }, 2);

        Assert.Equal(2, records.Count);
        Assert.Equal(["1", "x;y"], records[0].Values);
        Assert.Equal(["2", "50%"], records[1].Values);
        Assert.Equal(4, records[1].LineNumber);
    }

    [Fact]
    public async Task Field_count_mismatches_are_rejected_with_redshift_codes()
    {
        var records = await Read("1,2\n1\n1,2,3\n", new CsvFormat(), 2);

        Assert.Null(records[0].Error);
        Assert.Equal((LoadErrorCodes.DelimiterNotFound, "Delimiter not found", 2L), (records[1].Error!.ErrorCode, records[1].Error!.ErrorMessage, records[1].LineNumber));
        Assert.Equal((LoadErrorCodes.ExtraColumns, "Extra column(s) found", "1,2,3"), (records[2].Error!.ErrorCode, records[2].Error!.ErrorMessage, records[2].RawLine));
    }

    [Fact]
    public async Task Unterminated_quote_rejects_the_last_record()
    {
        var records = await Read("1,ok\n2,\"open\n", new CsvFormat(), 2);
        Assert.Equal(LoadErrorCodes.InvalidInputLine, records[1].Error!.ErrorCode);
    }

    [Fact]
    public async Task Delimited_text_has_no_quoting_and_backslash_n_is_null()
    {
        var records = await Read("1|\"quoted\"|\\N\n2||x\n", new DelimitedFormat(), 3);

        Assert.Equal(["1", "\"quoted\"", null], records[0].Values);
        Assert.Equal(["2", "", "x"], records[1].Values);
    }

    [Fact]
    public async Task Invalid_utf8_is_marked_and_a_last_line_without_newline_is_read()
    {
        var bytes = Encoding.UTF8.GetBytes("1,caf").Concat(new byte[] { 0xC3 }).Concat(Encoding.UTF8.GetBytes(",x\n2,ok,y")).ToArray();
        var records = await Read(bytes, new CsvFormat(), 3);

        Assert.Equal("caf" + CopyText.InvalidMarker, records[0].Values![1]);
        Assert.Equal(["2", "ok", "y"], records[1].Values);
    }

    [Fact]
    public async Task Records_longer_than_the_read_buffer_are_whole()
    {
        var longValue = new string('x', 50_000);
        var records = await Read($"\"{longValue}\",1\n", new CsvFormat(), 2);

        Assert.Equal(longValue, records[0].Values![0]);
        Assert.Equal(SourceRecord.RawLineLimit, records[0].RawLine.Length);
    }

    private static Task<List<SourceRecord>> Read(string text, CopyFormat format, int columns) => Read(Encoding.UTF8.GetBytes(text), format, columns);

    private static async Task<List<SourceRecord>> Read(byte[] bytes, CopyFormat format, int columns)
    {
        var records = new List<SourceRecord>();
        await foreach (var record in TextRecordReader.ReadAsync(new MemoryStream(bytes), File, format, columns, TestContext.Current.CancellationToken))
        {
            records.Add(record);
        }

        return records;
    }
}

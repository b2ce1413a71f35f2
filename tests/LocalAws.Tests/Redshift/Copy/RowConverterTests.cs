using GapTools.LocalAws.Redshift.Copy;

namespace GapTools.LocalAws.Tests.Redshift.Copy;

public sealed class RowConverterTests
{
    private static readonly CopyStatement Copy = new()
    {
        Table = new CopyTableName(null, "t"),
        Source = new S3Url("b", "k"),
        Credentials = new CopyCredentials(CopyCredentialsKind.IamRole, "arn"),
    };

    private static readonly TargetColumn Varchar3 = new("v", "character varying(3)", "varchar", IsCharacter: true, NotNull: false, MaxLength: 3);
    private static readonly TargetColumn Int = new("i", "integer", "int4", IsCharacter: false, NotNull: false, MaxLength: null);
    private static readonly TargetColumn RequiredInt = Int with { NotNull = true };
    private static readonly TargetColumn Timestamp = new("ts", "timestamp without time zone", "timestamp", IsCharacter: false, NotNull: false, MaxLength: null);

    [Fact]
    public void Empty_fields_are_null_except_for_character_columns()
    {
        Assert.Equal((null, null), RowConverter.ConvertValue("", Int, Copy));
        Assert.Equal(("", null), RowConverter.ConvertValue("", Varchar3, Copy));
    }

    [Fact]
    public void Null_into_not_null_is_rejected() =>
        Assert.Equal(LoadErrorCodes.MissingNotNull, RowConverter.ConvertValue("", RequiredInt, Copy).Error!.Value.Code);

    [Fact]
    public void Varchar_length_counts_utf8_bytes_like_redshift()
    {
        Assert.Equal(("abc", null), RowConverter.ConvertValue("abc", Varchar3, Copy));
        Assert.Equal(LoadErrorCodes.ValueOutOfRange, RowConverter.ConvertValue("éé", Varchar3, Copy).Error!.Value.Code); // 4 bytes
    }

    [Fact]
    public void Truncatecolumns_cuts_at_a_character_boundary() =>
        Assert.Equal(("é", null), RowConverter.ConvertValue("éé", Varchar3, Copy with { TruncateColumns = true }));

    [Theory]
    [InlineData("a😀b", 3, "a")]
    [InlineData("a😀b", 5, "a😀")]
    [InlineData("abc", 10, "abc")]
    public void TruncateToBytes_never_splits_a_character(string value, int max, string expected) =>
        Assert.Equal(expected, RowConverter.TruncateToBytes(value, max));

    [Fact]
    public void Invalid_utf8_is_rejected_or_replaced_with_acceptinvchars()
    {
        var invalid = "x" + CopyText.InvalidMarker + "y\0";
        Assert.Equal(LoadErrorCodes.InvalidUtf8, RowConverter.ConvertValue(invalid, Varchar3 with { MaxLength = null }, Copy).Error!.Value.Code);
        Assert.Equal(("x?y?", null), RowConverter.ConvertValue(invalid, Varchar3 with { MaxLength = null }, Copy with { AcceptInvChars = '?' }));
        Assert.Equal(("x_y_", null), RowConverter.ConvertValue(invalid, Varchar3 with { MaxLength = null }, Copy with { AcceptInvChars = '_' }));
    }

    [Theory]
    [InlineData("epochsecs", "1700000000", "2023-11-14 22:13:20.000000+00")]
    [InlineData("epochsecs", "1700000000.5", "2023-11-14 22:13:20.500000+00")]
    [InlineData("epochmillisecs", "1700000000123", "2023-11-14 22:13:20.123000+00")]
    [InlineData("auto", "2024-01-02 03:04:05", "2024-01-02 03:04:05")]
    public void Timeformat_epochs_become_timestamps(string format, string value, string expected) =>
        Assert.Equal((expected, null), RowConverter.ConvertValue(value, Timestamp, Copy with { TimeFormat = format }));

    [Fact]
    public void Non_numeric_epoch_is_rejected() =>
        Assert.Equal(LoadErrorCodes.InvalidTimestamp, RowConverter.ConvertValue("soon", Timestamp, Copy with { TimeFormat = "epochsecs" }).Error!.Value.Code);

    [Fact]
    public void A_later_bad_column_keeps_the_earlier_values_for_checking()
    {
        var record = new SourceRecord(new S3Url("b", "k"), 1, "x,abcd", ["x", "abcd"], null);
        var row = RowConverter.Convert(record, [Int, Varchar3], Copy);

        Assert.Equal(1, row.ErrorColumn);
        Assert.True(row.HasValueFor(0));
        Assert.Equal("x", row.Values![0]);
    }

    [Fact]
    public void A_rejected_value_rejects_the_row_with_column_details()
    {
        var record = new SourceRecord(new S3Url("b", "k"), 4, "abcd,1", ["abcd", "1"], null);
        var row = RowConverter.Convert(record, [Varchar3, Int], Copy);

        Assert.Equal(0, row.ErrorColumn);
        Assert.False(row.HasValueFor(0));
        Assert.Equal(
            ("s3://b/k", 4L, "v", "character varying(3)", "3", "abcd", "abcd,1"),
            (row.Error!.FileName, row.Error.LineNumber, row.Error.ColumnName, row.Error.ColumnType, row.Error.ColumnLength, row.Error.RawFieldValue, row.Error.RawLine));
    }
}

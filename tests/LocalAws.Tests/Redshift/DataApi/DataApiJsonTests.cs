using GapTools.LocalAws.Redshift.DataApi;

namespace GapTools.LocalAws.Tests.Redshift.DataApi;

public sealed class DataApiJsonTests
{
    [Theory]
    [InlineData(null, "int4", """{"isNull":true}""")]
    [InlineData("-42", "int2", """{"longValue":-42}""")]
    [InlineData("9223372036854775807", "int8", """{"longValue":9223372036854775807}""")]
    [InlineData("1.5", "float8", """{"doubleValue":1.5}""")]
    [InlineData("NaN", "float8", """{"stringValue":"NaN"}""")]
    [InlineData("t", "bool", """{"booleanValue":true}""")]
    [InlineData("f", "bool", """{"booleanValue":false}""")]
    [InlineData("\\x414243", "bytea", """{"blobValue":"QUJD"}""")]
    [InlineData("12.30", "numeric", """{"stringValue":"12.30"}""")]
    [InlineData("2024-01-02 03:04:05.5", "timestamp", """{"stringValue":"2024-01-02 03:04:05.5"}""")]
    public void Values_become_the_Field_union_by_type(string? text, string typeName, string expected)
    {
        Assert.Equal(expected, DataApiJson.Field(text, typeName).ToJsonString());
    }

    [Theory]
    [InlineData("varchar", 24, 20, null, null)]
    [InlineData("bpchar", 5, 1, null, null)]
    [InlineData("numeric", (12 << 16 | 3) + 4, null, 12, 3)]
    [InlineData("varchar", -1, null, null, null)]
    [InlineData("int4", -1, null, null, null)]
    public void Declared_sizes_are_decoded_from_atttypmod(string typeName, int typeModifier, int? length, int? precision, int? scale)
    {
        var column = ResultColumns.Declared("c", typeName, typeModifier);

        Assert.Equal((length, precision, scale), (column.Length, column.Precision, column.Scale));
    }

    [Fact]
    public void Timestamps_are_epoch_seconds()
    {
        Assert.Equal("1700000000.123", DataApiJson.Epoch(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123)).ToJsonString());
    }

    [Fact]
    public void Page_tokens_round_trip_only_for_their_own_scope()
    {
        var token = PageToken.Encode("statement-a", 40);

        Assert.Equal(40, PageToken.Decode(token, "statement-a"));
        Assert.Equal(0, PageToken.Decode(null, "statement-a"));
        Assert.Equal("ValidationException", Assert.Throws<Protocols.AwsErrorException>(() => PageToken.Decode(token, "statement-b")).Code);
        Assert.Equal("ValidationException", Assert.Throws<Protocols.AwsErrorException>(() => PageToken.Decode("%%%", "statement-a")).Code);
    }
}

using GapTools.LocalAws.Sqs;

namespace GapTools.LocalAws.Tests.Sqs;

public sealed class SqsMd5Tests
{
    [Fact]
    public void Body_md5_is_lowercase_hex_of_the_utf8_bytes() =>
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", SqsMd5.OfBody("hello"));

    [Fact]
    public void Attribute_md5_matches_the_value_AWS_clients_compute()
    {
        // {"k": String "v"}: the digest the AWS SDK for .NET accepts (and the AWS CLIs print) for this attribute.
        var md5 = SqsMd5.OfAttributes([KeyValuePair.Create("k", SqsMessageAttribute.String("v"))]);

        Assert.Equal("0a77b0642718c3d9dd47090567d11e0d", md5);
    }

    [Fact]
    public void Attribute_md5_ignores_input_order_and_separates_string_from_binary()
    {
        var a = KeyValuePair.Create("a", SqsMessageAttribute.String("1"));
        var b = KeyValuePair.Create("b", new SqsMessageAttribute("Binary", null, [0x31]));

        Assert.Equal(SqsMd5.OfAttributes([a, b]), SqsMd5.OfAttributes([b, a]));
        Assert.NotEqual(
            SqsMd5.OfAttributes([KeyValuePair.Create("x", new SqsMessageAttribute("String", "1", null))]),
            SqsMd5.OfAttributes([KeyValuePair.Create("x", new SqsMessageAttribute("String", null, [0x31]))]));
        Assert.Null(SqsMd5.OfAttributes([]));
    }
}

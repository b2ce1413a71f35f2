using GapTools.Core.S3Events;

namespace GapTools.Core.Tests.S3Events;

public class S3KeyDecoderTests
{
    [Theory]
    [InlineData("plain/key.csv", "plain/key.csv")]
    [InlineData("with+space/a+b.csv", "with space/a b.csv")]
    [InlineData("literal%2Bplus.csv", "literal+plus.csv")]
    [InlineData("it%27s.csv", "it's.csv")]
    [InlineData("caf%C3%A9/%E6%97%A5%E6%9C%AC.csv", "café/日本.csv")]
    [InlineData("emoji%F0%9F%98%80.csv", "emoji😀.csv")]
    [InlineData("percent%25sign", "percent%sign")]
    [InlineData("lower%c3%a9", "loweré")]
    public void Decodes_form_encoding_always(string encoded, string expected)
    {
        Assert.Equal(expected, S3KeyDecoder.TryDecode(encoded, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("bad%2", "malformed escape at position 3")]
    [InlineData("bad%zz", "malformed escape at position 3")]
    [InlineData("bad%C3", "valid UTF-8")]
    [InlineData("bad%FF%FE", "valid UTF-8")]
    public void Rejects_malformed_encoding(string encoded, string reason)
    {
        Assert.Null(S3KeyDecoder.TryDecode(encoded, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}

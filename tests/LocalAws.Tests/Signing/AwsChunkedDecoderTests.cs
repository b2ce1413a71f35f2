using System.Text;
using GapTools.LocalAws.Signing;

namespace GapTools.LocalAws.Tests.Signing;

public sealed class AwsChunkedDecoderTests
{
    [Fact]
    public void Decodes_several_unsigned_chunks()
    {
        var decoded = Decode("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");

        Assert.Equal("hello world", Encoding.ASCII.GetString(decoded.Payload));
        Assert.Equal([new AwsChunk(0, 5, null), new AwsChunk(5, 6, null), new AwsChunk(11, 0, null)], decoded.Chunks);
        Assert.Empty(decoded.Trailers);
    }

    [Fact]
    public void Reads_chunk_signatures_trailers_and_the_trailer_signature()
    {
        var signature = new string('a', 64);
        var crc = AwsChecksum.Compute("crc32", "hello"u8)!;
        var body = $"5;chunk-signature={signature}\r\nhello\r\n0;chunk-signature={signature}\r\n"
            + $"x-amz-checksum-crc32:{crc}\r\nx-amz-trailer-signature:{new string('b', 64)}\r\n\r\n";

        var decoded = Decode(body, decodedLength: 5);

        Assert.Equal(signature, decoded.Chunks[0].Signature);
        Assert.Equal([new("x-amz-checksum-crc32", crc)], decoded.Trailers);
        Assert.Equal(new string('b', 64), decoded.TrailerSignature);
        Assert.Null(AwsChecksum.Verify(decoded.Payload, decoded.Trailers));
    }

    [Fact]
    public void A_body_that_ends_right_after_the_last_trailer_line_is_accepted()
    {
        var decoded = Decode($"5\r\nhello\r\n0\r\nx-amz-checksum-crc32:{AwsChecksum.Compute("crc32", "hello"u8)}\r\n");

        Assert.Single(decoded.Trailers);
    }

    [Theory]
    [InlineData("5\r\nhello\r\n0\r\n\r\n", 6L, "x-amz-decoded-content-length is 6 but the chunks hold 5 bytes")]
    [InlineData("a\r\nhello\r\n", null, "chunk of 10 bytes at byte 3 runs past the end")]
    [InlineData("5\r\nhelloX\r\n0\r\n\r\n", null, "not followed by CRLF")]
    [InlineData("zz\r\nhello\r\n0\r\n\r\n", null, "invalid chunk header 'zz'")]
    [InlineData("5;chunk-signature=short\r\nhello\r\n0\r\n\r\n", null, "invalid chunk header")]
    [InlineData("5\r\nhello\r\n", null, "before the final zero-length chunk")]
    [InlineData("5\nhello\n0\n\n", null, "not terminated by CRLF")]
    [InlineData("0\r\n\r\nextra", null, "5 unexpected bytes")]
    [InlineData("0\r\nno-colon\r\n\r\n", null, "trailer 'no-colon' at byte 3 is not name:value")]
    public void Malformed_framing_is_rejected_with_a_clear_error(string body, long? decodedLength, string expected)
    {
        Assert.False(AwsChunkedDecoder.TryDecode(Encoding.ASCII.GetBytes(body), decodedLength, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_trailing_checksum_is_reported()
    {
        var decoded = Decode($"5\r\nhello\r\n0\r\nx-amz-checksum-crc32:{AwsChecksum.Compute("crc32", "hellO"u8)}\r\n\r\n");

        Assert.Equal("The CRC32 you specified did not match the calculated checksum.", AwsChecksum.Verify(decoded.Payload, decoded.Trailers));
    }

    [Fact]
    public void Crc_check_values_match_the_crc_catalogue()
    {
        var check = "123456789"u8;

        Assert.Equal(0xCBF43926u, Crc.Crc32(check));
        Assert.Equal(0xE3069283u, Crc.Crc32C(check));
        Assert.Equal(0xAE8B14860A799888ul, Crc.Crc64Nvme(check));
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(check), Crc.Crc32(check));
    }

    private static AwsChunkedBody Decode(string body, long? decodedLength = null)
    {
        Assert.True(AwsChunkedDecoder.TryDecode(Encoding.ASCII.GetBytes(body), decodedLength, out var decoded, out var error), error);
        return decoded;
    }
}

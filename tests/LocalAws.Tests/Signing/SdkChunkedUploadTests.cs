using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Util;
using GapTools.LocalAws.Signing;

namespace GapTools.LocalAws.Tests.Signing;

/// <summary>aws-chunked bodies produced by AWSSDK.Core's own wrapper streams, as the S3 client sends them.</summary>
public sealed class SdkChunkedUploadTests
{
    private static readonly byte[] Payload = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 31 % 251)).ToArray();

    [Fact]
    public void Signed_chunks_with_a_trailing_checksum_verify_and_decode()
    {
        var (wire, _) = SignedChunkedPut();
        var verifier = SdkSigning.Verifier();

        var result = verifier.Verify(wire);
        var decoded = DecodeBody(wire);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", wire.Header("x-amz-content-sha256"));
        Assert.Equal(Payload, decoded.Payload);
        Assert.True(decoded.Chunks.Count > 2, "expected several chunks");
        Assert.Equal("x-amz-checksum-crc32", Assert.Single(decoded.Trailers).Key);
        Assert.Null(AwsChecksum.Verify(decoded.Payload, decoded.Trailers));
        var chunks = verifier.VerifyChunkSignatures(wire, decoded);
        Assert.True(chunks.IsValid, chunks.Message);
    }

    [Fact]
    public void A_byte_changed_inside_a_signed_chunk_breaks_the_chunk_signature()
    {
        var (wire, body) = SignedChunkedPut();
        var tampered = body.ToArray();
        tampered[body.Length / 2] ^= 1;
        wire = wire with { Body = tampered };

        var decoded = DecodeBody(wire);
        var chunks = SdkSigning.Verifier().VerifyChunkSignatures(wire, decoded);

        Assert.True(SdkSigning.Verifier().Verify(wire).IsValid, "the seed signature covers headers only");
        Assert.Equal(SigV4Failure.SignatureMismatch, chunks.Failure);
        Assert.Contains("chunk 1", chunks.Message, StringComparison.Ordinal);
        Assert.NotNull(AwsChecksum.Verify(decoded.Payload, decoded.Trailers));
    }

    [Fact]
    public void A_changed_trailer_breaks_the_trailer_signature()
    {
        var (wire, _) = SignedChunkedPut();
        var decoded = DecodeBody(wire);
        decoded = decoded with { Trailers = [new("x-amz-checksum-crc32", "AAAAAA==")] };

        var chunks = SdkSigning.Verifier().VerifyChunkSignatures(wire, decoded);

        Assert.Equal(SigV4Failure.SignatureMismatch, chunks.Failure);
        Assert.Contains("the trailer", chunks.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CoreChecksumAlgorithm.CRC32, "x-amz-checksum-crc32")]
    [InlineData(CoreChecksumAlgorithm.CRC32C, "x-amz-checksum-crc32c")]
    [InlineData(CoreChecksumAlgorithm.CRC64NVME, "x-amz-checksum-crc64nvme")]
    [InlineData(CoreChecksumAlgorithm.SHA1, "x-amz-checksum-sha1")]
    [InlineData(CoreChecksumAlgorithm.SHA256, "x-amz-checksum-sha256")]
    public void Unsigned_payload_with_trailer_verifies_and_its_checksum_matches(CoreChecksumAlgorithm algorithm, string trailer)
    {
        // The SDK only sends unsigned payloads over HTTPS.
        var request = S3Put("https://127.0.0.1:4566", algorithm, trailer);
        request.DisablePayloadSigning = true;
        SdkSigning.Sign(request, "s3");
        using var stream = new TrailingHeadersWrapperStream(new MemoryStream(Payload), request.TrailingHeaders, algorithm, new CachedChecksum { OnComplete = _ => { } });
        var wire = SdkSigning.ToWire(request, ReadAll(stream));

        var result = SdkSigning.Verifier().Verify(wire);
        var decoded = DecodeBody(wire);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal("STREAMING-UNSIGNED-PAYLOAD-TRAILER", wire.Header("x-amz-content-sha256"));
        Assert.Equal(Payload, decoded.Payload);
        Assert.Equal(trailer, Assert.Single(decoded.Trailers).Key);
        Assert.Null(AwsChecksum.Verify(decoded.Payload, decoded.Trailers));
        Assert.True(SdkSigning.Verifier().VerifyChunkSignatures(wire, decoded).IsValid);
    }

    private static (SignedRequest Wire, byte[] Body) SignedChunkedPut()
    {
        var request = S3Put("http://127.0.0.1:4566", CoreChecksumAlgorithm.CRC32, "x-amz-checksum-crc32");
        request.UseChunkEncoding = true;
        var (signed, result) = SdkSigning.SignWithResult(request, "s3");
        using var stream = new ChunkedUploadWrapperStream(
            new MemoryStream(Payload), 8192, result, CoreChecksumAlgorithm.CRC32, signed.TrailingHeaders, new CachedChecksum { OnComplete = _ => { } });
        var body = ReadAll(stream);
        Assert.Equal(signed.Headers["Content-Length"], body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (SdkSigning.ToWire(signed, body), body);
    }

    private static DefaultRequest S3Put(string endpoint, CoreChecksumAlgorithm algorithm, string trailer)
    {
        var request = SdkSigning.NewRequest("PUT", "/{Bucket}/{Key+}", endpoint);
        request.AddPathResource("{Bucket}", "my-bucket");
        request.AddPathResource("{Key+}", "data/part 1.bin");
        request.ContentStream = new MemoryStream(Payload);
        request.Headers["Content-Length"] = Payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.TrailingHeaders.Add(trailer, "");
        request.SelectedChecksum = algorithm;
        return request;
    }

    private static AwsChunkedBody DecodeBody(SignedRequest wire)
    {
        var decodedLength = long.Parse(wire.Header("x-amz-decoded-content-length")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(AwsChunkedDecoder.IsAwsChunked(wire));
        Assert.True(AwsChunkedDecoder.TryDecode(wire.Body.Span, decodedLength, out var decoded, out var error), error);
        return decoded;
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

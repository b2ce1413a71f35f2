using System.Text;

namespace GapTools.LocalAws.Signing;

internal sealed partial class SigV4Verifier
{
    private const string SignedStreaming = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    private const string SignedStreamingWithTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";

    /// <summary>
    /// Checks the chunk-signature chain of a signed aws-chunked body (x-amz-content-sha256
    /// STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]); each chunk signs its data and the previous signature, seeded
    /// by the request's own signature. Bodies sent with other payload modes carry no chunk signatures: valid.
    /// Call after <see cref="Verify"/> succeeded.
    /// </summary>
    public SigV4Result VerifyChunkSignatures(SignedRequest request, AwsChunkedBody body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        var mode = request.Header("x-amz-content-sha256");
        if (mode is not (SignedStreaming or SignedStreamingWithTrailer))
        {
            return new SigV4Result(SigV4Failure.None, "OK: payload mode has no chunk signatures.");
        }

        if (Authorize(request, out var authorization, out var secret) is { } refused)
        {
            return refused;
        }

        var key = SigningKey.Derive(secret, authorization.Scope);
        var prefix = $"{authorization.AmzDate}\n{authorization.Scope}\n";
        var emptyHash = SigningKey.Sha256Hex([]);
        var previous = authorization.Signature;
        for (var index = 0; index < body.Chunks.Count; index++)
        {
            var chunk = body.Chunks[index];
            var data = body.Payload.AsSpan(chunk.Offset, chunk.Length);
            var stringToSign = $"AWS4-HMAC-SHA256-PAYLOAD\n{prefix}{previous}\n{emptyHash}\n{SigningKey.Sha256Hex(data)}";
            var expected = SigningKey.Sign(key, stringToSign);
            if (chunk.Signature is null || !SignaturesEqual(expected, chunk.Signature.ToLowerInvariant()))
            {
                return ChunkMismatch($"chunk {index} ({chunk.Length} bytes)", stringToSign, authorization);
            }

            previous = expected;
        }

        if (mode == SignedStreamingWithTrailer)
        {
            var trailers = string.Concat(body.Trailers.Select(t => $"{t.Key}:{t.Value}\n"));
            var stringToSign = $"AWS4-HMAC-SHA256-TRAILER\n{prefix}{previous}\n{SigningKey.Sha256Hex(Encoding.UTF8.GetBytes(trailers))}";
            var expected = SigningKey.Sign(key, stringToSign);
            if (body.TrailerSignature is null || !SignaturesEqual(expected, body.TrailerSignature.ToLowerInvariant()))
            {
                return ChunkMismatch("the trailer", stringToSign, authorization);
            }
        }

        return new SigV4Result(SigV4Failure.None, "OK") { Scope = authorization.Scope };
    }

    private static SigV4Result ChunkMismatch(string what, string stringToSign, SigV4Authorization authorization) =>
        SigV4Result.For(SigV4Failure.SignatureMismatch,
            $"The chunk signature of {what} does not match the signature we calculated. The String-to-Sign should have been\n'{stringToSign}'\n",
            authorization) with { StringToSign = stringToSign };
}

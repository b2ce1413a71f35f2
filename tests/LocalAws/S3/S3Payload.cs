using System.Globalization;
using GapTools.LocalAws.Protocols;
using GapTools.LocalAws.Signing;

namespace GapTools.LocalAws.S3;

/// <summary>
/// An upload's bytes after transfer decoding, and the flexible checksums that came with it. The AWS SDKs send
/// <c>Content-Encoding: aws-chunked</c> bodies with the checksum in a trailer by default; plain bodies may carry
/// <c>Content-MD5</c> or <c>x-amz-checksum-*</c> headers. Every checksum given is verified, as S3 does.
/// </summary>
internal sealed record S3Payload(ReadOnlyMemory<byte> Data, IReadOnlyDictionary<string, string> Checksums)
{
    public static S3Payload Read(AwsRequest request)
    {
        var data = (ReadOnlyMemory<byte>)request.Body;
        var fields = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), h.Value.ToString())).ToList();
        if (IsAwsChunked(request))
        {
            var decodedLength = long.TryParse(request.Header("x-amz-decoded-content-length"), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : (long?)null;
            if (!AwsChunkedDecoder.TryDecode(request.Body, decodedLength, out var decoded, out var error))
            {
                throw new AwsErrorException("IncompleteBody", error ?? "The request body is not valid aws-chunked encoding.");
            }

            data = decoded.Payload;
            fields.AddRange(decoded.Trailers);
        }

        VerifyContentMd5(request.Header("Content-MD5"), data.Span);
        var checksums = fields
            .Where(f => f.Key.StartsWith("x-amz-checksum-", StringComparison.Ordinal))
            .Select(f => (Algorithm: f.Key["x-amz-checksum-".Length..].ToUpperInvariant(), f.Value))
            .Where(c => AwsChecksum.Compute(c.Algorithm.ToLowerInvariant(), []) is not null)
            .ToDictionary(c => c.Algorithm, c => c.Value.Trim(), StringComparer.Ordinal);
        if (AwsChecksum.Verify(data.Span, checksums.Select(c => new KeyValuePair<string, string>("x-amz-checksum-" + c.Key, c.Value))) is { } mismatch)
        {
            throw new AwsErrorException("BadDigest", mismatch);
        }

        return new S3Payload(data, checksums);
    }

    private static bool IsAwsChunked(AwsRequest request) =>
        (request.Header("Content-Encoding")?.Contains("aws-chunked", StringComparison.OrdinalIgnoreCase) ?? false)
        || (request.Header("x-amz-content-sha256")?.StartsWith("STREAMING-", StringComparison.Ordinal) ?? false);

    private static void VerifyContentMd5(string? header, ReadOnlySpan<byte> data)
    {
        if (header is null)
        {
            return;
        }

        Span<byte> given = stackalloc byte[16];
        if (!Convert.TryFromBase64String(header.Trim(), given, out var written) || written != 16)
        {
            throw S3Errors.InvalidDigest();
        }

        if (!Convert.FromHexString(S3Store.Md5Hex(data)).AsSpan().SequenceEqual(given))
        {
            throw S3Errors.BadDigest("MD5");
        }
    }
}

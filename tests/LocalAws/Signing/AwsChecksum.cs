using System.Buffers.Binary;
using System.Security.Cryptography;

namespace GapTools.LocalAws.Signing;

/// <summary>
/// Checks S3 flexible checksums (<c>x-amz-checksum-crc32|crc32c|crc64nvme|sha1|sha256</c>, base64 of the
/// big-endian digest) and <c>Content-MD5</c>, whether they came as headers or as aws-chunked trailers.
/// </summary>
internal static class AwsChecksum
{
    private const string Prefix = "x-amz-checksum-";

    /// <returns>Null when every recognised checksum matches; otherwise S3's BadDigest-style message.</returns>
    public static string? Verify(ReadOnlySpan<byte> payload, IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var (name, value) in headers)
        {
            var lower = name.ToLowerInvariant();
            var algorithm = lower == "content-md5" ? "md5" : lower.StartsWith(Prefix, StringComparison.Ordinal) ? lower[Prefix.Length..] : null;

            // Unknown algorithms (and x-amz-checksum-type / -algorithm / -mode, which are not digests) are not checked.
            if (algorithm is null || Compute(algorithm, payload) is not { } expected)
            {
                continue;
            }

            if (!string.Equals(expected, value.Trim(), StringComparison.Ordinal))
            {
                return $"The {algorithm.ToUpperInvariant()} you specified did not match the calculated checksum.";
            }
        }

        return null;
    }

    public static string? Compute(string algorithm, ReadOnlySpan<byte> payload) => algorithm switch
    {
        "crc32" => BigEndian32(Crc.Crc32(payload)),
        "crc32c" => BigEndian32(Crc.Crc32C(payload)),
        "crc64nvme" => BigEndian64(Crc.Crc64Nvme(payload)),
#pragma warning disable CA5350, CA5351 // SHA-1 and MD5 here verify client-chosen integrity checksums; they protect nothing.
        "sha1" => Convert.ToBase64String(SHA1.HashData(payload)),
        "md5" => Convert.ToBase64String(MD5.HashData(payload)),
#pragma warning restore CA5350, CA5351
        "sha256" => Convert.ToBase64String(SHA256.HashData(payload)),
        _ => null,
    };

    private static string BigEndian32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return Convert.ToBase64String(bytes);
    }

    private static string BigEndian64(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return Convert.ToBase64String(bytes);
    }
}

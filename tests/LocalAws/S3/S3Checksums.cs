using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace GapTools.LocalAws.S3;

/// <summary>The flexible checksums S3 accepts (<c>x-amz-checksum-&lt;algorithm&gt;</c>), computed over the decoded object.</summary>
internal static class S3Checksums
{
    public const string HeaderPrefix = "x-amz-checksum-";

    public static readonly IReadOnlyList<string> Algorithms = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

    public static string HeaderName(string algorithm) => HeaderPrefix + algorithm.ToLowerInvariant();

    /// <summary>The base64 checksum AWS would compute (CRCs as big-endian integers).</summary>
    public static string Compute(string algorithm, ReadOnlySpan<byte> data) => algorithm switch
    {
        "CRC32" => BigEndian(Crc32.HashToUInt32(data)),
        "CRC32C" => BigEndian(Crc(new Crc32(Crc32ParameterSet.Crc32C), data)),
        "CRC64NVME" => BigEndian(Crc(new Crc64(Crc64ParameterSet.Nvme), data)),
#pragma warning disable CA5350 // Not for security: SHA1 is a checksum the client chose; S3 must verify it.
        "SHA1" => Convert.ToBase64String(SHA1.HashData(data)),
#pragma warning restore CA5350
        "SHA256" => Convert.ToBase64String(SHA256.HashData(data)),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown checksum algorithm."),
    };

    private static uint Crc(Crc32 crc, ReadOnlySpan<byte> data)
    {
        crc.Append(data);
        return crc.GetCurrentHashAsUInt32();
    }

    private static ulong Crc(Crc64 crc, ReadOnlySpan<byte> data)
    {
        crc.Append(data);
        return crc.GetCurrentHashAsUInt64();
    }

    private static string BigEndian(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return Convert.ToBase64String(bytes);
    }

    private static string BigEndian(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return Convert.ToBase64String(bytes);
    }
}

namespace GapTools.LocalAws.Signing;

/// <summary>
/// Table-driven reflected CRCs used by S3 flexible checksums (LocalAws has no System.IO.Hashing reference).
/// Check values for "123456789": CRC-32 CBF43926, CRC-32C E3069283, CRC-64/NVME AE8B14860A799888.
/// </summary>
internal static class Crc
{
    private static readonly uint[] Crc32Table = Table32(0xEDB88320);
    private static readonly uint[] Crc32CTable = Table32(0x82F63B78);
    private static readonly ulong[] Crc64NvmeTable = Table64(0x9A6C9329AC4BC9B5);

    public static uint Crc32(ReadOnlySpan<byte> data) => Compute(Crc32Table, data);

    public static uint Crc32C(ReadOnlySpan<byte> data) => Compute(Crc32CTable, data);

    public static ulong Crc64Nvme(ReadOnlySpan<byte> data)
    {
        var crc = ulong.MaxValue;
        foreach (var b in data)
        {
            crc = Crc64NvmeTable[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint Compute(uint[] table, ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] Table32(uint polynomial) => Enumerable.Range(0, 256).Select(i =>
    {
        var crc = (uint)i;
        for (var bit = 0; bit < 8; bit++)
        {
            crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1;
        }

        return crc;
    }).ToArray();

    private static ulong[] Table64(ulong polynomial) => Enumerable.Range(0, 256).Select(i =>
    {
        var crc = (ulong)i;
        for (var bit = 0; bit < 8; bit++)
        {
            crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1;
        }

        return crc;
    }).ToArray();
}

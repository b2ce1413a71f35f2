using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GapTools.LocalAws.Sqs;

/// <summary>
/// The MD5 digests SQS returns and SDKs verify (the AWS SDK for .NET throws on a mismatch).
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation
/// </summary>
internal static class SqsMd5
{
    private const byte StringTransport = 1;
    private const byte BinaryTransport = 2;

#pragma warning disable CA5351 // MD5 is what the SQS wire protocol specifies; it is a checksum here, not security.
    public static string OfBody(string body) => Hex(MD5.HashData(Encoding.UTF8.GetBytes(body)));

    /// <summary>
    /// Attributes sorted by name (ordinal); for each: name, data type, a transport byte (1 string, 2 binary) and
    /// the value, every variable part prefixed by its 4-byte big-endian length. Null when there are none.
    /// </summary>
    public static string? OfAttributes(IEnumerable<KeyValuePair<string, SqsMessageAttribute>> attributes)
    {
        using var buffer = new MemoryStream();
        var any = false;
        foreach (var (name, attribute) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            any = true;
            WriteLengthPrefixed(buffer, Encoding.UTF8.GetBytes(name));
            WriteLengthPrefixed(buffer, Encoding.UTF8.GetBytes(attribute.DataType));
            if (attribute.StringValue is { } text)
            {
                buffer.WriteByte(StringTransport);
                WriteLengthPrefixed(buffer, Encoding.UTF8.GetBytes(text));
            }
            else
            {
                buffer.WriteByte(BinaryTransport);
                WriteLengthPrefixed(buffer, attribute.BinaryValue ?? []);
            }
        }

        return any ? Hex(MD5.HashData(buffer.ToArray())) : null;
    }
#pragma warning restore CA5351

    private static void WriteLengthPrefixed(MemoryStream buffer, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}

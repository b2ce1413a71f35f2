using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>
/// PostgreSQL v3 framing: after the startup packet every message is a type byte plus a big-endian int32 length that
/// counts itself but not the type byte. https://www.postgresql.org/docs/current/protocol-message-formats.html
/// </summary>
internal static class PgWire
{
    public const int ProtocolVersion3 = 196608;
    public const int SslRequestCode = 80877103;
    public const int GssEncRequestCode = 80877104;
    public const int CancelRequestCode = 80877102;

    /// <summary>Bigger than any startup or cancel packet a real client sends; anything larger is garbage.</summary>
    public const int MaxStartupLength = 10_000;

    // Frontend message types the proxy looks into.
    public const byte Query = (byte)'Q';
    public const byte Parse = (byte)'P';
    public const byte Bind = (byte)'B';
    public const byte Execute = (byte)'E';
    public const byte Sync = (byte)'S';

    // Backend message types the proxy looks into.
    public const byte CommandComplete = (byte)'C';
    public const byte EmptyQueryResponse = (byte)'I';
    public const byte PortalSuspended = (byte)'s';
    public const byte ErrorResponse = (byte)'E';
    public const byte ReadyForQuery = (byte)'Z';
    public const byte BackendKeyData = (byte)'K';

    /// <summary>Reads the 5-byte header of a typed message, if that much is buffered.</summary>
    public static bool TryReadHeader(ReadOnlySequence<byte> buffer, out byte type, out int length)
    {
        type = 0;
        length = 0;
        if (buffer.Length < 5)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[5];
        buffer.Slice(0, 5).CopyTo(header);
        type = header[0];
        length = BinaryPrimitives.ReadInt32BigEndian(header[1..]);
        return true;
    }

    /// <summary>Reads the leading int32 of an untyped startup-phase packet (its total length).</summary>
    public static bool TryReadInt32(ReadOnlySequence<byte> buffer, long offset, out int value)
    {
        value = 0;
        if (buffer.Length < offset + 4)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        buffer.Slice(offset, 4).CopyTo(bytes);
        value = BinaryPrimitives.ReadInt32BigEndian(bytes);
        return true;
    }

    /// <summary>
    /// The untyped CancelRequest packet for a backend, from the payload of its BackendKeyData (process id and
    /// secret key; the key's length varies with the protocol version, so it is copied as is).
    /// </summary>
    public static byte[] CancelRequest(ReadOnlySpan<byte> backendKeyData)
    {
        var packet = new byte[8 + backendKeyData.Length];
        BinaryPrimitives.WriteInt32BigEndian(packet, packet.Length);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(4), CancelRequestCode);
        backendKeyData.CopyTo(packet.AsSpan(8));
        return packet;
    }

    /// <summary>A typed message: type, length, payload.</summary>
    public static byte[] Message(byte type, ReadOnlySpan<byte> payload)
    {
        var message = new byte[5 + payload.Length];
        message[0] = type;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 4 + payload.Length);
        payload.CopyTo(message.AsSpan(5));
        return message;
    }

    /// <summary>A message whose payload is one null-terminated UTF-8 string (Query, CommandComplete).</summary>
    public static byte[] StringMessage(byte type, string text)
    {
        var payload = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, payload);
        return Message(type, payload);
    }

    /// <summary>Reads a null-terminated UTF-8 string at <paramref name="offset"/>; returns the offset after the null.</summary>
    public static int ReadCString(ReadOnlySpan<byte> payload, int offset, out string value)
    {
        var end = payload[offset..].IndexOf((byte)0);
        if (end < 0)
        {
            throw new InvalidDataException("A protocol string is missing its terminating null byte.");
        }

        value = Encoding.UTF8.GetString(payload.Slice(offset, end));
        return offset + end + 1;
    }
}

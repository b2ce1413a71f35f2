using System.Buffers.Binary;

namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>
/// The first, untyped packet of a connection: an int32 length, an int32 code (protocol version or one of the
/// SSL / GSS / cancel request codes), then for a startup message null-terminated name/value pairs.
/// </summary>
internal sealed record StartupPacket(int Code, IReadOnlyDictionary<string, string> Parameters, byte[] Raw)
{
    public bool IsSslRequest => Code == PgWire.SslRequestCode;

    public bool IsGssEncRequest => Code == PgWire.GssEncRequestCode;

    public bool IsCancelRequest => Code == PgWire.CancelRequestCode;

    public string User => Parameters.GetValueOrDefault("user", "");

    /// <summary>The database; PostgreSQL defaults it to the user name.</summary>
    public string Database => Parameters.GetValueOrDefault("database") is { Length: > 0 } database ? database : User;

    /// <param name="raw">The whole packet, length prefix included.</param>
    public static StartupPacket Read(byte[] raw)
    {
        if (raw.Length < 8)
        {
            throw new InvalidDataException("Startup packet is shorter than 8 bytes.");
        }

        var code = BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(4));
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (code >> 16 == 3)
        {
            var payload = raw.AsSpan();
            var offset = 8;
            while (offset < payload.Length && payload[offset] != 0)
            {
                offset = PgWire.ReadCString(payload, offset, out var name);
                offset = PgWire.ReadCString(payload, offset, out var value);
                parameters[name] = value;
            }
        }

        return new StartupPacket(code, parameters, raw);
    }
}

using System.Buffers.Binary;
using System.Text;
using GapTools.LocalAws.Redshift.Wire;

namespace GapTools.LocalAws.Tests.Redshift.Wire;

public sealed class StartupPacketTests
{
    private static byte[] Packet(int code, params string[] pairs)
    {
        var body = Encoding.UTF8.GetBytes(string.Concat(pairs.Select(p => p + "\0")) + (pairs.Length > 0 ? "\0" : ""));
        var raw = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(raw, raw.Length);
        BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(4), code);
        body.CopyTo(raw, 8);
        return raw;
    }

    [Fact]
    public void Reads_user_and_database()
    {
        var packet = StartupPacket.Read(Packet(PgWire.ProtocolVersion3, "user", "IAM:alice", "database", "dev", "client_encoding", "UTF8"));
        Assert.Equal("IAM:alice", packet.User);
        Assert.Equal("dev", packet.Database);
        Assert.False(packet.IsSslRequest);
    }

    [Fact]
    public void Database_defaults_to_user()
    {
        Assert.Equal("bob", StartupPacket.Read(Packet(PgWire.ProtocolVersion3, "user", "bob")).Database);
    }

    [Theory]
    [InlineData(PgWire.SslRequestCode)]
    [InlineData(PgWire.GssEncRequestCode)]
    [InlineData(PgWire.CancelRequestCode)]
    public void Recognises_request_codes(int code)
    {
        var packet = StartupPacket.Read(Packet(code));
        Assert.True(packet.IsSslRequest || packet.IsGssEncRequest || packet.IsCancelRequest);
        Assert.Empty(packet.Parameters);
    }
}

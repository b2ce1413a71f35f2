using System.Text;

namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>A frontend <c>Parse</c>: statement name, SQL text, and the parameter-type section kept as raw bytes.</summary>
internal sealed record ParseMessage(string StatementName, string Sql, byte[] ParameterTypes);

/// <summary>Reads and rebuilds the frontend messages the proxy inspects. Payloads exclude the 5-byte header.</summary>
internal static class FrontendMessages
{
    public static string ReadQuery(ReadOnlySpan<byte> payload)
    {
        PgWire.ReadCString(payload, 0, out var sql);
        return sql;
    }

    public static byte[] Query(string sql) => PgWire.StringMessage(PgWire.Query, sql);

    public static ParseMessage ReadParse(ReadOnlySpan<byte> payload)
    {
        var offset = PgWire.ReadCString(payload, 0, out var name);
        offset = PgWire.ReadCString(payload, offset, out var sql);
        return new ParseMessage(name, sql, payload[offset..].ToArray());
    }

    public static byte[] Parse(ParseMessage parse)
    {
        var name = Encoding.UTF8.GetBytes(parse.StatementName);
        var sql = Encoding.UTF8.GetBytes(parse.Sql);
        var payload = new byte[name.Length + 1 + sql.Length + 1 + parse.ParameterTypes.Length];
        name.CopyTo(payload, 0);
        sql.CopyTo(payload, name.Length + 1);
        parse.ParameterTypes.CopyTo(payload, name.Length + 1 + sql.Length + 1);
        return PgWire.Message(PgWire.Parse, payload);
    }

    /// <summary>
    /// The portal and statement names that open a <c>Bind</c>, read from as much of the payload as is buffered
    /// (parameter values may be large, so the proxy never waits for the whole message). False: need more bytes.
    /// </summary>
    public static bool TryReadBindNames(ReadOnlySpan<byte> payloadPrefix, out string portal, out string statement)
    {
        portal = statement = "";
        var first = payloadPrefix.IndexOf((byte)0);
        if (first < 0)
        {
            return false;
        }

        var second = payloadPrefix[(first + 1)..].IndexOf((byte)0);
        if (second < 0)
        {
            return false;
        }

        portal = Encoding.UTF8.GetString(payloadPrefix[..first]);
        statement = Encoding.UTF8.GetString(payloadPrefix.Slice(first + 1, second));
        return true;
    }

    public static string ReadExecutePortal(ReadOnlySpan<byte> payload)
    {
        PgWire.ReadCString(payload, 0, out var portal);
        return portal;
    }
}

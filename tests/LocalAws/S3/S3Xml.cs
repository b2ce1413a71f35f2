using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.S3;

/// <summary>REST-XML bodies in S3's namespace, and S3's two timestamp formats.</summary>
internal static class S3Xml
{
    public static readonly XNamespace Ns = S3Defaults.Namespace;

    public static XElement E(string name, params object?[] content) => new(Ns + name, content);

    public static AwsResponse Response(XElement root, HttpStatusCode status = HttpStatusCode.OK) =>
        AwsResponse.Text("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.ToString(SaveOptions.DisableFormatting), "application/xml", status);

    /// <summary>Parses a request body; S3 answers MalformedXML to anything it cannot read.</summary>
    public static XElement Parse(byte[] body)
    {
        try
        {
            using var stream = new MemoryStream(body, writable: false);
            return XDocument.Load(stream).Root ?? throw S3Errors.MalformedXml();
        }
        catch (XmlException)
        {
            throw S3Errors.MalformedXml();
        }
    }

    /// <summary>Child elements by local name, whatever namespace the client used.</summary>
    public static IEnumerable<XElement> Children(XElement parent, string name) =>
        parent.Elements().Where(e => e.Name.LocalName == name);

    public static string? Child(XElement parent, string name) => Children(parent, name).FirstOrDefault()?.Value;

    /// <summary>XML timestamps: <c>2009-10-12T17:50:30.000Z</c>.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>HTTP header dates: <c>Wed, 12 Oct 2009 17:50:00 GMT</c>.</summary>
    public static string HttpDate(DateTimeOffset time) => time.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";
}

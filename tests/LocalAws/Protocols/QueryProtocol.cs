using System.Collections.Specialized;
using System.Text;
using System.Web;
using System.Xml.Linq;

namespace GapTools.LocalAws.Protocols;

/// <summary>Helpers for the AWS query protocol: form parameters in, XML out.</summary>
public static class QueryProtocol
{
    public static NameValueCollection ParseParameters(AwsRequest request)
    {
        var result = HttpUtility.ParseQueryString(request.RawQuery);
        var contentType = request.Header("Content-Type") ?? "";
        if (request.Body.Length > 0 && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            result.Add(HttpUtility.ParseQueryString(Encoding.UTF8.GetString(request.Body)));
        }

        return result;
    }

    /// <summary>Builds <c>&lt;ActionResponse&gt;&lt;ActionResult&gt;…&lt;/ActionResult&gt;&lt;ResponseMetadata/&gt;</c>.</summary>
    public static AwsResponse Result(string action, XNamespace ns, string requestId, params object?[] resultContent)
    {
        var document = new XElement(ns + (action + "Response"),
            new XElement(ns + (action + "Result"), resultContent),
            new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", requestId)));
        return Xml(document);
    }

    /// <summary>Like <see cref="Result"/> for actions whose response has no Result element.</summary>
    public static AwsResponse EmptyResult(string action, XNamespace ns, string requestId) =>
        Xml(new XElement(ns + (action + "Response"),
            new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", requestId))));

    public static AwsResponse Xml(XElement root) =>
        AwsResponse.Text("<?xml version=\"1.0\"?>" + root.ToString(SaveOptions.DisableFormatting), "text/xml");

    /// <summary>Reads <c>Prefix.1</c>, <c>Prefix.2</c>, … until the first gap.</summary>
    public static List<string> List(NameValueCollection form, string prefix)
    {
        var values = new List<string>();
        for (var i = 1; form[$"{prefix}.{i}"] is { } value; i++)
        {
            values.Add(value);
        }

        return values;
    }
}

using GapTools.LocalAws.Protocols;
using Microsoft.AspNetCore.Http;

namespace GapTools.LocalAws.Routing;

/// <summary>Tells the wire protocol from the request itself, so even a rejected request gets the right error shape.</summary>
internal static class ProtocolDetector
{
    public static AwsProtocol Detect(HttpRequest request, string? service)
    {
        if (request.Headers.ContainsKey("X-Amz-Target"))
        {
            return AwsProtocol.Json;
        }

        if (service == "s3")
        {
            return AwsProtocol.RestXml;
        }

        if (service == "cloudsearch")
        {
            return AwsProtocol.RestJson;
        }

        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || request.Query.ContainsKey("Action"))
        {
            return AwsProtocol.Query;
        }

        return service is null ? AwsProtocol.RestXml : AwsProtocol.Json;
    }
}

using System.Net;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;

namespace GapTools.LocalAws.Protocols;

/// <summary>Renders an <see cref="AwsErrorException"/> in the shape each protocol's clients parse.</summary>
public static class ErrorWriter
{
    public static AwsResponse Render(AwsErrorException error, AwsProtocol protocol, string requestId, string resource)
    {
        var response = protocol switch
        {
            AwsProtocol.Json or AwsProtocol.RestJson => Json(error),
            AwsProtocol.Query => Query(error, requestId),
            _ => RestXml(error, requestId, resource),
        };
        foreach (var (name, value) in error.Headers)
        {
            response.Headers[name] = value;
        }

        response.Headers["x-amzn-RequestId"] = requestId;
        return response;
    }

    // JSON 1.0/1.1: {"__type": "Code", "message": "..."} plus x-amzn-ErrorType (what the SDKs read first), and the
    // error shape's own members from Details (e.g. the Redshift Data API's StatementId, ResourceId).
    private static AwsResponse Json(AwsErrorException error)
    {
        var body = new JsonObject { ["__type"] = error.Code, ["message"] = error.Message };
        foreach (var (name, value) in error.Details)
        {
            body[name] = value;
        }

        var response = new AwsResponse
        {
            Status = error.Status,
            ContentType = "application/x-amz-json-1.1",
            Body = Encoding.UTF8.GetBytes(body.ToJsonString()),
        };
        response.Headers["x-amzn-ErrorType"] = error.Code;
        return response;
    }

    private static AwsResponse Query(AwsErrorException error, string requestId)
    {
        var xml = $"<?xml version=\"1.0\"?><ErrorResponse><Error><Type>{(error.SenderFault ? "Sender" : "Receiver")}</Type>" +
                  $"<Code>{Escape(error.Code)}</Code><Message>{Escape(error.Message)}</Message><Detail/></Error>" +
                  $"<RequestId>{requestId}</RequestId></ErrorResponse>";
        return AwsResponse.Text(xml, "text/xml", error.Status);
    }

    private static AwsResponse RestXml(AwsErrorException error, string requestId, string resource)
    {
        var details = string.Concat(error.Details.Select(d => $"<{d.Key}>{Escape(d.Value)}</{d.Key}>"));
        var xml = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{Escape(error.Code)}</Code>" +
                  $"<Message>{Escape(error.Message)}</Message>{details}<Resource>{Escape(resource)}</Resource>" +
                  $"<RequestId>{requestId}</RequestId></Error>";
        return AwsResponse.Text(xml, "application/xml", error.Status);
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";

    /// <summary>What an unexpected handler failure looks like on the wire: a 500 InternalError.</summary>
    public static AwsErrorException Internal(Exception e) =>
        new("InternalError", $"LocalAws handler failed: {e.GetType().Name}: {e.Message}", HttpStatusCode.InternalServerError, senderFault: false);
}

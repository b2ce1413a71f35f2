using System.Net;
using System.Text;

namespace GapTools.LocalAws.Protocols;

/// <summary>What a handler answers; the middleware writes it and logs its status.</summary>
public sealed class AwsResponse
{
    public HttpStatusCode Status { get; init; } = HttpStatusCode.OK;

    public string? ContentType { get; init; }

    public ReadOnlyMemory<byte> Body { get; init; }

    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public static AwsResponse Text(string body, string contentType, HttpStatusCode status = HttpStatusCode.OK) =>
        new() { Status = status, ContentType = contentType, Body = Encoding.UTF8.GetBytes(body) };

    public static AwsResponse Empty(HttpStatusCode status = HttpStatusCode.OK) => new() { Status = status };
}

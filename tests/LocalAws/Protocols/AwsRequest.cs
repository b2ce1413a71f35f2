using System.Collections.Specialized;
using Microsoft.AspNetCore.Http;

namespace GapTools.LocalAws.Protocols;

/// <summary>One request as it arrived, with the body fully read and the caller identified by SigV4.</summary>
public sealed class AwsRequest
{
    public required string Method { get; init; }

    /// <summary>The path as received, still percent-encoded (what SigV4 signs).</summary>
    public required string RawPath { get; init; }

    /// <summary>The decoded path.</summary>
    public required string Path { get; init; }

    /// <summary>The query string without '?', as received.</summary>
    public required string RawQuery { get; init; }

    public required IQueryCollection Query { get; init; }

    public required IHeaderDictionary Headers { get; init; }

    public required byte[] Body { get; init; }

    public required AwsProtocol Protocol { get; init; }

    /// <summary>The signing service name from the credential scope, e.g. <c>sqs</c>.</summary>
    public required string Service { get; init; }

    public required string Region { get; init; }

    public required string AccessKeyId { get; init; }

    public required string RequestId { get; init; }

    /// <summary>Cancelled when the client goes away or the server stops.</summary>
    public CancellationToken Aborted { get; init; }

    /// <summary>The server's base URL (scheme://host:port), used to build queue URLs and the like.</summary>
    public required string BaseUrl { get; init; }

    private NameValueCollection? form;

    /// <summary>Query-protocol parameters: the form body merged over the query string.</summary>
    public NameValueCollection Form => form ??= QueryProtocol.ParseParameters(this);

    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? values.ToString() : null;
}

using Microsoft.AspNetCore.Http.Features;

namespace GapTools.LocalAws.Signing;

/// <summary>Captures an ASP.NET Core request as it arrived on the wire, for <see cref="SigV4Verifier"/>.</summary>
internal static class SignedRequestReader
{
    /// <summary>Buffers the whole body (LocalAws keeps objects in memory anyway) and captures the request.</summary>
    public static async Task<SignedRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        return From(request, body.ToArray());
    }

    /// <summary>
    /// Uses <see cref="IHttpRequestFeature.RawTarget"/>: <c>HttpRequest.Path</c> is percent-decoded (and
    /// <c>QueryString</c> may be re-encoded), so neither is what the client signed.
    /// </summary>
    public static SignedRequest From(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target))
        {
            target = (request.PathBase + request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        }

        var (path, query) = SplitTarget(target);
        var headers = request.Headers
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? "")))
            .ToList();
        return new SignedRequest(request.Method, path, query, headers) { Body = body };
    }

    /// <summary>Splits an origin-form (<c>/path?query</c>) or absolute-form (<c>http://host/path?query</c>) target.</summary>
    public static (string Path, string Query) SplitTarget(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var scheme = target.IndexOf("://", StringComparison.Ordinal);
        if (!target.StartsWith('/') && scheme > 0)
        {
            var pathStart = target.IndexOfAny(['/', '?'], scheme + 3);
            target = pathStart < 0 ? "/" : target[pathStart..];
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (target, "") : (target[..question], target[(question + 1)..]);
    }
}

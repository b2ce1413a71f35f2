using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace GapTools.LocalAws.Otlp;

/// <summary>
/// An OpenTelemetry collector's OTLP/HTTP endpoint (<c>POST /v1/metrics</c>, <c>/v1/traces</c>, <c>/v1/logs</c>,
/// protobuf or JSON), on LocalAws's port, so a test can point <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> at the server and see
/// what a worker exports. Payloads are kept as received; protobuf carries names and string attributes as plain
/// UTF-8, so <see cref="Contains"/> finds a metric or span name without a protobuf decoder.
/// </summary>
public sealed class OtlpReceiver
{
    private static readonly string[] Signals = ["metrics", "traces", "logs"];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> payloads = new(StringComparer.Ordinal);

    /// <summary>Export requests received for <paramref name="signal"/> (<c>metrics</c>, <c>traces</c>, <c>logs</c>).</summary>
    public int Count(string signal) => payloads.TryGetValue(signal, out var queue) ? queue.Count : 0;

    /// <summary>True when an export request for <paramref name="signal"/> holds <paramref name="text"/> (UTF-8).</summary>
    public bool Contains(string signal, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return payloads.TryGetValue(signal, out var queue) && queue.Any(p => p.AsSpan().IndexOf(needle) >= 0);
    }

    internal async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        var signal = path.StartsWith("/v1/", StringComparison.Ordinal) ? path[4..] : null;
        if (signal is null || !Signals.Contains(signal) || !HttpMethods.IsPost(context.Request.Method) || context.Request.Headers.ContainsKey("Authorization"))
        {
            await next(context);
            return;
        }

        using var body = new MemoryStream();
        var source = context.Request.Headers.ContentEncoding.ToString() == "gzip"
            ? new GZipStream(context.Request.Body, CompressionMode.Decompress)
            : context.Request.Body;
        await source.CopyToAsync(body, context.RequestAborted);
        payloads.GetOrAdd(signal, _ => new ConcurrentQueue<byte[]>()).Enqueue(body.ToArray());

        // An empty Export*ServiceResponse: full success, in the encoding the exporter used.
        var json = context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = json ? "application/json" : "application/x-protobuf";
        if (json)
        {
            await context.Response.WriteAsync("{}", context.RequestAborted);
        }
    }
}

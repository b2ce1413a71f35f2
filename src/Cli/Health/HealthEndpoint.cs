using System.Text.Json;
using GapTools.Workers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GapTools.Cli.Health;

/// <summary>
/// Opt-in health endpoints for orchestrators (<c>Worker:HealthUrls</c>, e.g. <c>http://0.0.0.0:8080</c>; several
/// separated by <c>;</c>): <c>GET /health/live</c> answers 200 while the process serves; <c>GET /health/ready</c>
/// answers 200 while every worker consumes its queue and its sink takes work, 503 otherwise (an outage, a cluster in
/// maintenance, starting, draining), each with a JSON body saying why. A small Kestrel server of its own, so the
/// worker's host stays a plain Generic Host.
/// </summary>
public sealed class HealthEndpoint : IAsyncDisposable
{
    /// <summary>The configuration key naming the addresses to listen on.</summary>
    public const string UrlsKey = "Worker:HealthUrls";

    private readonly WebApplication _app;

    private HealthEndpoint(WebApplication app) => _app = app;

    /// <summary>Starts listening when <see cref="UrlsKey"/> is set; null otherwise.</summary>
    /// <exception cref="ConfigurationFileException">An address cannot be used (malformed, or taken).</exception>
    public static async Task<HealthEndpoint?> StartAsync(IConfiguration configuration, IReadOnlyList<S3WorkerService> workers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(workers);
        if (string.IsNullOrWhiteSpace(configuration[UrlsKey]))
        {
            return null;
        }

        var urls = configuration[UrlsKey]!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new HealthUrlException($"{UrlsKey}: '{url}' is not an http:// address such as http://0.0.0.0:8080.");
            }
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        var app = builder.Build();
        app.Run(context => AnswerAsync(context, workers));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new HealthUrlException($"{UrlsKey}: cannot listen on {string.Join(", ", urls)}: {e.Message}");
        }

        return new HealthEndpoint(app);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task AnswerAsync(HttpContext context, IReadOnlyList<S3WorkerService> workers)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        switch (context.Request.Path.Value)
        {
            case "/health/live":
                await WriteAsync(context, StatusCodes.Status200OK, "live", []).ConfigureAwait(false);
                break;
            case "/health/ready":
                var states = workers.Select(w => (w.Worker.Name, Readiness: w.Failure is null ? w.Worker.Readiness : WorkerReadiness.NotReady("failed: " + w.Failure.Message))).ToList();
                var ready = states.Count > 0 && states.All(s => s.Readiness.IsReady);
                await WriteAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, ready ? "ready" : "not_ready", states).ConfigureAwait(false);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    // {"status":"not_ready","workers":{"S3ToRedshift":{"ready":false,"reason":"…"}}}
    private static async Task WriteAsync(HttpContext context, int status, string summary, List<(string Name, WorkerReadiness Readiness)> states)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", summary);
            if (states.Count > 0)
            {
                json.WriteStartObject("workers");
                foreach (var (name, readiness) in states)
                {
                    json.WriteStartObject(name);
                    json.WriteBoolean("ready", readiness.IsReady);
                    json.WriteString("reason", readiness.Reason);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary><see cref="HealthEndpoint.UrlsKey"/> names an address that cannot be used: a configuration error.</summary>
public sealed class HealthUrlException(string message) : Exception(message);

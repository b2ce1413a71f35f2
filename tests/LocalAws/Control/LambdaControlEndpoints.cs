using System.Text;
using System.Text.Json.Serialization;
using GapTools.LocalAws.Lambda;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GapTools.LocalAws.Control;

/// <summary>
/// <c>/_localaws/lambda/…</c>: invoke the runtime attached to <see cref="LocalAwsServer.RuntimeApiAddress"/> from
/// another process (benchmarks, the demo) and read its cold-start figures.
/// </summary>
internal static class LambdaControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app, LambdaRuntimeEmulator lambda)
    {
        var group = app.MapGroup("/_localaws/lambda");

        // POST /_localaws/lambda/invoke?timeoutSeconds=N, the event as body → waits for the runtime's answer.
        group.MapPost("/invoke", async (HttpRequest request, string? timeoutSeconds, CancellationToken cancellationToken) =>
        {
            TimeSpan? timeout = null;
            if (timeoutSeconds is not null)
            {
                if (!double.TryParse(timeoutSeconds, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                    || !double.IsFinite(seconds) || seconds <= 0 || seconds > 900)
                {
                    return Results.Text("timeoutSeconds must be a number of seconds above 0 and at most 900 (Lambda's limit).", statusCode: StatusCodes.Status400BadRequest);
                }

                timeout = TimeSpan.FromSeconds(seconds);
            }

            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var payload = await reader.ReadToEndAsync(cancellationToken);
            try
            {
                var result = await lambda.InvokeAsync(payload, timeout, cancellationToken);
                return Results.Json(
                    new LambdaInvokeAnswer(result.RequestId, result.IsError, result.ErrorType, result.TimedOut, result.Body),
                    LambdaControlJson.Default.LambdaInvokeAnswer);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Results.Empty;   // the caller went away or the server stops
            }
        });

        // GET /_localaws/lambda/stats → {"nextRequests":N,"firstNextRequest":"…"|null,"initError":null|{…}}
        group.MapGet("/stats", () => Results.Json(
            new LambdaStats(
                lambda.NextRequests,
                lambda.FirstNextRequest.IsCompletedSuccessfully ? lambda.FirstNextRequest.Result : null,
                lambda.InitError.IsCompletedSuccessfully ? lambda.InitError.Result : null),
            LambdaControlJson.Default.LambdaStats));
    }
}

/// <summary>What <c>POST /_localaws/lambda/invoke</c> answers; <see cref="Body"/> is the runtime's body as a string.</summary>
internal sealed record LambdaInvokeAnswer(string RequestId, bool IsError, string? ErrorType, bool TimedOut, string Body);

/// <summary>What <c>GET /_localaws/lambda/stats</c> answers.</summary>
internal sealed record LambdaStats(int NextRequests, DateTimeOffset? FirstNextRequest, LambdaInitError? InitError);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LambdaInvokeAnswer))]
[JsonSerializable(typeof(LambdaStats))]
internal sealed partial class LambdaControlJson : JsonSerializerContext;

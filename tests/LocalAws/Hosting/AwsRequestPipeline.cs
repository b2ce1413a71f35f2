using System.Diagnostics;
using System.Net;
using GapTools.LocalAws.Faults;
using GapTools.LocalAws.Protocols;
using GapTools.LocalAws.RequestLog;
using GapTools.LocalAws.Routing;
using GapTools.LocalAws.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GapTools.LocalAws.Hosting;

/// <summary>
/// The single request path: read body → check SigV4 → route by the signing service → resolve operation →
/// injected faults → handler → write the answer in the service's protocol → journal.
/// </summary>
internal sealed partial class AwsRequestPipeline(
    IReadOnlyList<IAwsService> services,
    SigV4Verifier verifier,
    FaultInjector faults,
    RequestJournal journal,
    TimeProvider time,
    ILogger logger)
{
    private readonly Dictionary<string, IAwsService> bySigningName = services
        .SelectMany(s => s.SigningNames.Select(n => (n, s)))
        .ToDictionary(p => p.n, p => p.s, StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = Guid.NewGuid().ToString();
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        var signed = SignedRequestReader.From(context.Request, body);
        var (rawPath, rawQuery) = (signed.RawPath, signed.RawQuery);
        CredentialScope.TryRead(signed, out var scope, out _);
        var serviceName = scope?.Service;
        var protocol = ProtocolDetector.Detect(context.Request, serviceName);
        var operation = "Unknown";
        string? fault = null;
        AwsResponse response;
        try
        {
            bySigningName.TryGetValue(serviceName ?? "", out var service);
            var request = scope is null || service is null ? null : new AwsRequest
            {
                Method = context.Request.Method,
                RawPath = rawPath,
                Path = context.Request.Path.Value ?? "/",
                RawQuery = rawQuery,
                Query = context.Request.Query,
                Headers = context.Request.Headers,
                Body = body,
                Protocol = protocol,
                Service = scope.Service,
                Region = scope.Region,
                AccessKeyId = scope.AccessKeyId,
                RequestId = requestId,
                Aborted = context.RequestAborted,
                BaseUrl = $"{context.Request.Scheme}://{context.Request.Host}",
            };

            // Name the operation first so refused requests are journaled under it; AWS still checks auth first.
            AwsErrorException? unresolved = null;
            try
            {
                operation = request is null ? operation : service!.ResolveOperation(request);
            }
            catch (AwsErrorException e)
            {
                unresolved = e;
            }

            var check = verifier.Verify(signed);
            if (!check.IsValid)
            {
                throw AuthErrors.For(check.Failure, check.Message, protocol, serviceName);
            }

            if (request is null || service is null)
            {
                throw new AwsErrorException("UnknownService", $"LocalAws does not emulate the service '{serviceName}'.");
            }

            if (unresolved is not null)
            {
                throw unresolved;
            }

            if (faults.Pick(request.Service, operation) is { } rule)
            {
                fault = rule.ToString();
                if (rule.Latency > TimeSpan.Zero)
                {
                    await Task.Delay(rule.Latency, time, context.RequestAborted);
                }

                if (rule.Kind == FaultKind.ConnectionReset)
                {
                    Journal(request.Service, operation, 0, "ConnectionReset", request.AccessKeyId, fault, started);
                    context.Abort();
                    return;
                }

                if (rule.Kind == FaultKind.Error)
                {
                    var injected = new AwsErrorException(rule.ErrorCode, rule.ErrorMessage, rule.Status, senderFault: (int)rule.Status < 500);
                    if (request.Service == "sqs" && protocol == AwsProtocol.Json)
                    {
                        injected.Headers["x-amzn-query-error"] = $"{rule.ErrorCode};{(injected.SenderFault ? "Sender" : "Receiver")}";
                    }

                    throw injected;
                }
            }

            response = await service.HandleAsync(request, operation);
        }
        catch (AwsErrorException error)
        {
            response = ErrorWriter.Render(error, protocol, requestId, rawPath);
            Journal(serviceName ?? "unknown", operation, (int)error.Status, error.Code, scope?.AccessKeyId, fault, started);
            await WriteAsync(context, response, requestId);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            Journal(serviceName ?? "unknown", operation, 499, "ClientClosedRequest", scope?.AccessKeyId, fault, started);
            return;
        }
#pragma warning disable CA1031 // An emulator bug must reach the client as a 500, not kill the connection silently.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogHandlerFailed(logger, e, serviceName, operation);
            var error = ErrorWriter.Internal(e);
            response = ErrorWriter.Render(error, protocol, requestId, rawPath);
            Journal(serviceName ?? "unknown", operation, 500, error.Code, scope?.AccessKeyId, fault, started);
            await WriteAsync(context, response, requestId);
            return;
        }

        // Journaled before the answer is written: a client that has its answer finds its request in the journal.
        Journal(serviceName!, operation, (int)response.Status, null, scope?.AccessKeyId, fault, started);
        await WriteAsync(context, response, requestId);
    }

    private void Journal(string service, string operation, int status, string? errorCode, string? accessKey, string? fault, long started) =>
        journal.Add(new RequestLogEntry(time.GetUtcNow(), service, operation, status, errorCode, accessKey, fault, Stopwatch.GetElapsedTime(started)));

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = request.ContentLength is { } length and <= int.MaxValue
            ? new MemoryStream((int)length)
            : new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, AwsResponse response, string requestId)
    {
        var http = context.Response;
        http.StatusCode = (int)response.Status;
        http.Headers["x-amzn-RequestId"] = requestId;
        http.Headers["x-amz-request-id"] = requestId;
        foreach (var (name, value) in response.Headers)
        {
            http.Headers[name] = value;
        }

        if (response.ContentType is not null)
        {
            http.ContentType = response.ContentType;
        }

        if (HttpMethods.IsHead(context.Request.Method) || response.Status == HttpStatusCode.NoContent)
        {
            return;
        }

        http.ContentLength = response.Body.Length;
        await http.Body.WriteAsync(response.Body, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "LocalAws {Service}.{Operation} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string? service, string operation);
}

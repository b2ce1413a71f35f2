using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace GapTools.LocalAws.Lambda;

/// <summary>
/// The HTTP side of <see cref="LambdaRuntimeEmulator"/>: unsigned requests under <c>/2018-06-01/runtime/</c>, served
/// before the AWS pipeline. A SigV4-signed request there (an S3 bucket named <c>2018-06-01</c>, say) passes on to it.
/// </summary>
internal sealed class LambdaRuntimeApi(LambdaRuntimeEmulator emulator)
{
    public const string Prefix = "/2018-06-01/runtime/";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value;
        if (path is null || !path.StartsWith(Prefix, StringComparison.Ordinal) || IsSigned(context.Request))
        {
            await next(context);
            return;
        }

        var segments = path[Prefix.Length..].Split('/');
        var method = context.Request.Method;
        switch (segments)
        {
            case ["invocation", "next"]:
                await (HttpMethods.IsGet(method) ? NextAsync(context) : MethodNotAllowedAsync(context, HttpMethods.Get));
                break;
            case ["invocation", { Length: > 0 } requestId, "response"]:
                await (HttpMethods.IsPost(method) ? AnswerAsync(context, requestId, isError: false) : MethodNotAllowedAsync(context, HttpMethods.Post));
                break;
            case ["invocation", { Length: > 0 } requestId, "error"]:
                await (HttpMethods.IsPost(method) ? AnswerAsync(context, requestId, isError: true) : MethodNotAllowedAsync(context, HttpMethods.Post));
                break;
            case ["init", "error"]:
                await (HttpMethods.IsPost(method) ? InitErrorAsync(context) : MethodNotAllowedAsync(context, HttpMethods.Post));
                break;
            default:
                await WriteJsonAsync(context, StatusCodes.Status404NotFound, LambdaJson.Error("UnknownPath", $"The Runtime API has no {path}."));
                break;
        }
    }

    private async Task NextAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        LambdaInvocation invocation;
        try
        {
            invocation = await emulator.NextAsync(aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return;   // the runtime went away or the server stops (EndWaitsOnStop then drops the connection)
        }

        if (aborted.IsCancellationRequested)
        {
            emulator.Requeue(invocation);
            return;
        }

        var body = Encoding.UTF8.GetBytes(invocation.Payload);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        response.Headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        response.Headers["Lambda-Runtime-Deadline-Ms"] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.FunctionArn;
        response.Headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        try
        {
            await response.Body.WriteAsync(body, aborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            emulator.Requeue(invocation);
        }
    }

    private async Task AnswerAsync(HttpContext context, string requestId, bool isError)
    {
        var body = await ReadBodyAsync(context);
        var errorType = isError ? LambdaJson.ErrorType(body, ErrorTypeHeader(context)) : null;
        if (!emulator.TryAnswer(requestId, isError, body, errorType))
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, LambdaJson.Error(
                "InvalidRequestID", $"Invalid request ID: '{requestId}' is not an invocation in progress (unknown, or already answered)."));
            return;
        }

        await AcceptedAsync(context);
    }

    private async Task InitErrorAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context);
        emulator.RecordInitError(new LambdaInitError(LambdaJson.ErrorType(body, ErrorTypeHeader(context)), body));
        await AcceptedAsync(context);
    }

    private static Task MethodNotAllowedAsync(HttpContext context, string allowed)
    {
        context.Response.Headers.Allow = allowed;
        return WriteJsonAsync(context, StatusCodes.Status405MethodNotAllowed,
            LambdaJson.Error("MethodNotAllowed", $"{context.Request.Path} takes {allowed}, not {context.Request.Method}."));
    }

    private static Task AcceptedAsync(HttpContext context) =>
        WriteJsonAsync(context, StatusCodes.Status202Accepted, """{"status":"OK"}""");

    private static async Task WriteJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    private static string? ErrorTypeHeader(HttpContext context) =>
        context.Request.Headers.TryGetValue("Lambda-Runtime-Function-Error-Type", out var values) ? values.ToString() : null;

    private static bool IsSigned(HttpRequest request) =>
        request.Headers.ContainsKey("Authorization") || request.Query.ContainsKey("X-Amz-Signature");
}

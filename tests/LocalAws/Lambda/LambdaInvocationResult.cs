using System.Text.Json;
using System.Text.Json.Nodes;

namespace GapTools.LocalAws.Lambda;

/// <summary>
/// How one invocation ended: the runtime's <c>/response</c> (<see cref="IsError"/> false) or <c>/error</c> (true), or
/// no answer by the deadline plus <see cref="LambdaRuntimeEmulator.AnswerGrace"/> (<see cref="TimedOut"/>, with a
/// <c>Sandbox.Timedout</c> error body). An answer that arrived after <see cref="Deadline"/> is kept, with
/// <see cref="TimedOut"/> set: the real service would already have failed the invocation.
/// </summary>
/// <param name="RequestId">The <c>Lambda-Runtime-Aws-Request-Id</c> the runtime was given.</param>
/// <param name="Deadline">The <c>Lambda-Runtime-Deadline-Ms</c> the runtime was given.</param>
/// <param name="IsError">The runtime posted <c>/error</c> (or an init error failed the invocation, or it timed out).</param>
/// <param name="Body">The body the runtime posted, as UTF-8 text.</param>
/// <param name="ErrorType">For errors: the body's <c>errorType</c>, else the <c>Lambda-Runtime-Function-Error-Type</c> header, else <c>Unhandled</c>.</param>
/// <param name="TimedOut">No answer by the deadline plus the grace, or an answer after the deadline.</param>
public sealed record LambdaInvocationResult(string RequestId, DateTimeOffset Deadline, bool IsError, string Body, string? ErrorType, bool TimedOut)
{
    /// <summary><see cref="Body"/> parsed (a fresh node each time), null if it is not JSON.</summary>
    public JsonNode? Json => LambdaJson.TryParse(Body);

    /// <summary>The message ids an SQS function's answer names in <c>batchItemFailures</c>.</summary>
    /// <exception cref="InvalidOperationException">The answer is not a <c>{"batchItemFailures":[…]}</c> document.</exception>
    public IReadOnlyList<string> BatchItemFailures =>
        Json?["batchItemFailures"] is JsonArray failures
            ? [.. failures.Select(f => f!["itemIdentifier"]!.GetValue<string>())]
            : throw new InvalidOperationException($"Not a batchItemFailures answer: {Body}");
}

/// <summary>What the runtime posted to <c>/runtime/init/error</c>.</summary>
/// <param name="ErrorType">The body's <c>errorType</c>, else the <c>Lambda-Runtime-Function-Error-Type</c> header, else <c>Unhandled</c>.</param>
/// <param name="Body">The body as posted.</param>
public sealed record LambdaInitError(string ErrorType, string Body);

internal static class LambdaJson
{
    public static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The error type of a posted error: the body's <c>errorType</c>, else the header, else <c>Unhandled</c>.</summary>
    public static string ErrorType(string body, string? header)
    {
        var fromBody = TryParse(body) is JsonObject error && error["errorType"] is JsonValue value && value.TryGetValue(out string? type) ? type : null;
        return !string.IsNullOrEmpty(fromBody) ? fromBody
            : !string.IsNullOrEmpty(header) ? header
            : "Unhandled";
    }

    /// <summary>The error shape the Runtime API answers with, e.g. <c>{"errorMessage":"…","errorType":"InvalidRequestID"}</c>.</summary>
    public static string Error(string errorType, string errorMessage) =>
        new JsonObject { ["errorMessage"] = errorMessage, ["errorType"] = errorType }.ToJsonString();
}

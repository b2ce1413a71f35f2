namespace GapTools.LocalAws.Lambda;

/// <summary>One queued or dispatched invocation: what <c>/next</c> hands out and where its answer goes.</summary>
internal sealed class LambdaInvocation(string requestId, string payload, DateTimeOffset deadline, string functionArn, string traceId)
{
    public string RequestId { get; } = requestId;

    public string Payload { get; } = payload;

    public DateTimeOffset Deadline { get; } = deadline;

    public string FunctionArn { get; } = functionArn;

    public string TraceId { get; } = traceId;

    /// <summary>Set once: by the runtime's answer, the timeout, an init error, or (cancelled) by the caller giving up.</summary>
    public TaskCompletionSource<LambdaInvocationResult> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

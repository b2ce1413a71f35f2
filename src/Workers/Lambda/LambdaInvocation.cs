namespace GapTools.Workers.Lambda;

/// <summary>One event handed over by the Lambda Runtime API (<c>GET /runtime/invocation/next</c>).</summary>
/// <param name="RequestId"><c>Lambda-Runtime-Aws-Request-Id</c>: the id every answer names.</param>
/// <param name="Deadline"><c>Lambda-Runtime-Deadline-Ms</c>: when Lambda ends the invocation.</param>
/// <param name="TraceId"><c>Lambda-Runtime-Trace-Id</c> (X-Ray), when sent.</param>
/// <param name="FunctionArn"><c>Lambda-Runtime-Invoked-Function-Arn</c>, when sent.</param>
/// <param name="Payload">The event, as JSON text.</param>
public sealed record LambdaInvocation(string RequestId, DateTimeOffset Deadline, string? TraceId, string? FunctionArn, string Payload)
{
    /// <summary>Time left before <see cref="Deadline"/> by <paramref name="time"/>'s clock (zero once it has passed).</summary>
    public TimeSpan RemainingTime(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var left = Deadline - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}

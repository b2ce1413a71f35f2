using Microsoft.Extensions.Logging;

namespace GapTools.Workers.Lambda;

/// <summary>
/// The custom runtime's loop: next invocation → <see cref="LambdaS3Function"/> → response, until stopped. Each
/// invocation's request id and trace id are in the log scope, and the trace id in <c>_X_AMZN_TRACE_ID</c> as the
/// AWS SDK expects.
/// </summary>
public static class LambdaRuntimeLoop
{
    private const string TraceVariable = "_X_AMZN_TRACE_ID";

    // requestId as Lambda's own JSON log format names it.
    private static readonly Func<ILogger, string, string?, IDisposable?> InvocationScope =
        LoggerMessage.DefineScope<string, string?>("invocation {RequestId} ({TraceId})");

    /// <summary>Serves invocations until <paramref name="cancellationToken"/> is cancelled (SIGTERM when Lambda shuts the sandbox down).</summary>
    /// <exception cref="HttpRequestException">The Runtime API cannot be reached or refused a call: the process should exit, Lambda starts another.</exception>
    public static async Task RunAsync(LambdaRuntimeClient runtime, LambdaS3Function function, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(logger);
        while (!cancellationToken.IsCancellationRequested)
        {
            LambdaInvocation invocation;
            try
            {
                invocation = await runtime.GetNextInvocationAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            Environment.SetEnvironmentVariable(TraceVariable, invocation.TraceId);
            using (InvocationScope(logger, invocation.RequestId, invocation.TraceId))
            {
                var result = await function.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
                if (result.Error is { } error)
                {
                    await runtime.SendInvocationErrorAsync(invocation.RequestId, error, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    // Answered even when stopping: the invocation's work is done, and its answer must not be lost.
                    await runtime.SendResponseAsync(invocation.RequestId, result.Response!, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
    }
}

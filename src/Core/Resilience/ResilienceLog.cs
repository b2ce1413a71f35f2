using Microsoft.Extensions.Logging;

namespace GapTools.Core.Resilience;

internal static partial class ResilienceLog
{
    // Names the error by type/code only: exception messages may echo request content.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying {Operation} (retry {Attempt} of {MaxRetryAttempts}) in {Delay} after {Error}")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, int maxRetryAttempts, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying {Operation} (retry {Attempt}, until it answers or the worker stops) in {Delay} after {Error}")]
    public static partial void RetryingUntilStopped(ILogger logger, string operation, int attempt, TimeSpan delay, string error);
}

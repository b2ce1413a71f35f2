namespace GapTools.Core.Resilience;

/// <summary>Reported before each retry (for metrics).</summary>
/// <param name="Operation">Pipeline name given to <see cref="ResiliencePipelines.Create"/>.</param>
/// <param name="Attempt">Retry number, 1 for the first retry.</param>
/// <param name="Delay">Delay before the retry.</param>
/// <param name="Exception">The transient error that caused it.</param>
public sealed record RetryNotice(string Operation, int Attempt, TimeSpan Delay, Exception? Exception);

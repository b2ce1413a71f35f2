namespace GapTools.Core.Resilience;

/// <summary>Defaults of <see cref="RetryOptions"/>.</summary>
public static class RetryDefaults
{
    /// <summary>5 retries after the first attempt.</summary>
    public const int MaxRetryAttempts = 5;

    /// <summary>200 ms: the scale of the first retry delay.</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>20 s: no single delay is longer.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(20);

    /// <summary><see cref="RetryJitter.Decorrelated"/>.</summary>
    public const RetryJitter Jitter = RetryJitter.Decorrelated;
}

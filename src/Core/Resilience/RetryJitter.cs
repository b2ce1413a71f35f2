namespace GapTools.Core.Resilience;

/// <summary>How retry delays are randomised.</summary>
public enum RetryJitter
{
    /// <summary>Polly's exponential backoff with decorrelated jitter (its <c>UseJitter</c>); the default.</summary>
    Decorrelated,

    /// <summary>"Full jitter": uniform in [0, min(MaxDelay, BaseDelay * 2^retry)].</summary>
    Full,
}

namespace GapTools.SsmWrap;

/// <summary>Default values of SsmWrap's options, in one place.</summary>
public static class SsmWrapDefaults
{
    /// <summary>Files hold secrets: owner read/write only (0600).</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Most retries of one SSM call after its first attempt (100, the core's maximum): in practice
    /// <see cref="RetryBudget"/> is the limit that stops retrying.
    /// </summary>
    public const int MaxRetries = 100;

    /// <summary>
    /// Time one SSM call may spend waiting between its attempts (30 s): no retry is scheduled once its waits add up to
    /// it, so the last wait may end up to <see cref="MaxDelay"/> past it. From 200 ms up to 10 s a wait, that is at least
    /// 8 retries and typically about 11: a fleet starting at once against SSM's 40 TPS default quota gets through.
    /// </summary>
    public static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(30);

    /// <summary>Base delay of the full-jitter exponential backoff (200 ms).</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of one backoff delay (10 s).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    /// <summary>SSM requests sent at once by one load (4); the default SSM quota is 40 TPS per account and region.</summary>
    public const int MaxConcurrentRequests = 4;
}

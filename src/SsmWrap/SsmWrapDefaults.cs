namespace GapTools.SsmWrap;

/// <summary>Default values of SsmWrap's options, in one place.</summary>
public static class SsmWrapDefaults
{
    /// <summary>Files hold secrets: owner read/write only (0600).</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Retries after the first attempt for throttling, 5xx and network errors (5).</summary>
    public const int MaxRetries = 5;

    /// <summary>Base delay of the jittered exponential backoff (200 ms).</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of one backoff delay (10 s).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    /// <summary>SSM requests sent at once by one load (4); the default SSM quota is 40 TPS per account and region.</summary>
    public const int MaxConcurrentRequests = 4;
}

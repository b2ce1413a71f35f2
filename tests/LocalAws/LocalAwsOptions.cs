namespace GapTools.LocalAws;

/// <summary>How to start a <see cref="LocalAwsServer"/>.</summary>
public sealed record LocalAwsOptions
{
    /// <summary>Loopback port; 0 (the default) picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Access key → secret key pairs accepted by the SigV4 verifier. Defaults to <c>test</c>/<c>test</c>.</summary>
    public IReadOnlyDictionary<string, string> Credentials { get; init; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["test"] = "test" };

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Region reported in ARNs and queue URLs.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Account id used in ARNs and queue URLs.</summary>
    public string AccountId { get; init; } = "000000000000";

    /// <summary>Log each request to the console (standalone mode).</summary>
    public bool LogRequests { get; init; }
}

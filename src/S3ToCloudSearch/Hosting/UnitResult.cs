namespace GapTools.S3ToCloudSearch.Hosting;

/// <summary>How a work unit ended, which decides what happens to its message.</summary>
internal enum UnitOutcome
{
    /// <summary>Every document uploaded or reported: delete the message.</summary>
    Done,

    /// <summary>Something transient or interrupted (upload failed, S3 unreachable, shutdown): release the message to try again.</summary>
    Retry,

    /// <summary>The message can never succeed as configured (no endpoint for a key, access denied): dead-letter it.</summary>
    Undeliverable,
}

/// <summary>A work unit's outcome and, unless done, why.</summary>
internal sealed record UnitResult(UnitOutcome Outcome, string? Reason = null)
{
    public static readonly UnitResult Done = new(UnitOutcome.Done);
}

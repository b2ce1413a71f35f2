namespace GapTools.Workers.Lambda;

/// <summary>The Lambda form of a worker (section <c>&lt;Tool&gt;:Lambda</c>).</summary>
public sealed record LambdaFunctionOptions
{
    /// <summary>The section below the tool's: <c>S3ToRedshift:Lambda</c>.</summary>
    public const string SectionName = "Lambda";

    /// <summary>
    /// Time kept free before the invocation's deadline: no work starts when less is left, and what has not settled
    /// when only this much is left is reported as failed (SQS delivers it again; the load log skips what did commit).
    /// Defaults to 10 s.
    /// </summary>
    public TimeSpan DeadlineMargin { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Every problem, each naming its key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (DeadlineMargin < TimeSpan.Zero || DeadlineMargin > TimeSpan.FromMinutes(15))
        {
            yield return $"{section}:DeadlineMargin must be between 0 and 15 minutes (Lambda's longest timeout), not {DeadlineMargin}.";
        }
    }
}

namespace GapTools.SsmWrap;

/// <summary>
/// Loading failed: SSM refused or could not be reached, a required parameter is missing, two parameters map to one
/// name, or a file cannot be written. The message names parameters and files, never values.
/// </summary>
public sealed class SsmWrapException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public SsmWrapException(string message)
        : base(message)
    {
        Problems = [message];
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public SsmWrapException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Creates an exception listing every problem found.</summary>
    public SsmWrapException(IReadOnlyList<string> problems)
        : base(Join(problems))
    {
        Problems = problems;
    }

    internal SsmWrapException(IReadOnlyList<string> problems, bool isMappingProblem)
        : this(problems)
    {
        IsMappingProblem = isMappingProblem;
    }

    /// <summary>Creates an exception without a message.</summary>
    public SsmWrapException()
    {
        Problems = [];
    }

    /// <summary>Each problem found, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>True when SSM answered but the rules cannot be satisfied (missing, collision, JSON); not a transport error.</summary>
    internal bool IsMappingProblem { get; }

    private static string Join(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 1 ? problems[0] : $"{problems.Count} problems: " + string.Join("; ", problems);
    }
}

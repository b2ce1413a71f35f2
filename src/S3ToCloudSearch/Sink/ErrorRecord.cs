namespace GapTools.S3ToCloudSearch.Sink;

/// <summary>The kinds of error lines, as written to the error sink and tagged on the invalid-lines counter.</summary>
internal static class ErrorKinds
{
    /// <summary>The line is not a valid SDF document (JSON, id, type, fields).</summary>
    public const string Invalid = "invalid";

    /// <summary>The line or document is over a size limit.</summary>
    public const string TooLarge = "too_large";

    /// <summary>A JSON array broke: the rest of the object could not be read.</summary>
    public const string Malformed = "malformed";

    /// <summary>CloudSearch refused the document.</summary>
    public const string Rejected = "rejected";
}

/// <summary>One line (or array element) that did not become an indexed document.</summary>
/// <param name="Kind">One of <see cref="ErrorKinds"/>.</param>
/// <param name="Line">1-based line in the object.</param>
/// <param name="Element">1-based position in a JSON array; 0 for JSON lines.</param>
/// <param name="Reason">Why (never contains field values).</param>
/// <param name="Size">Bytes of the line or document.</param>
/// <param name="Raw">The bytes themselves, when they were kept (not for lines too large to buffer).</param>
internal sealed record ErrorRecord(string Kind, long Line, long Element, string Reason, long Size, ReadOnlyMemory<byte> Raw);

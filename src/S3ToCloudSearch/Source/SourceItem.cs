namespace GapTools.S3ToCloudSearch.Source;

internal enum SourceItemKind
{
    /// <summary>One document's JSON (a line, or an element of an array).</summary>
    Document,

    /// <summary>A document longer than the line limit: skipped without being buffered.</summary>
    TooLarge,

    /// <summary>The object cannot be read further (a JSON array that is structurally broken).</summary>
    Malformed,

    /// <summary>No more documents.</summary>
    End,
}

/// <summary>
/// One thing read from an object. <see cref="Json"/> is borrowed from the reader's buffer and valid until the
/// next read.
/// </summary>
/// <param name="Line">1-based line where the document starts.</param>
/// <param name="Element">1-based position in a JSON array; 0 for JSON lines.</param>
/// <param name="Size">Bytes of the document (for <see cref="SourceItemKind.TooLarge"/>, all of them, though none were kept).</param>
internal readonly record struct SourceItem(SourceItemKind Kind, ReadOnlyMemory<byte> Json, long Line, long Element, long Size, string? Reason = null)
{
    public static readonly SourceItem End = new(SourceItemKind.End, default, 0, 0, 0);
}

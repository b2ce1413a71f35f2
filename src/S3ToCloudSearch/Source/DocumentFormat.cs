namespace GapTools.S3ToCloudSearch.Source;

/// <summary>How an object's documents are laid out, as detected from its first bytes.</summary>
internal enum DocumentFormat
{
    /// <summary>One JSON document per line.</summary>
    JsonLines,

    /// <summary>A JSON array of documents (the first non-blank byte is <c>[</c>).</summary>
    JsonArray,
}

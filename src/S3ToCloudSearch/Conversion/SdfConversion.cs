namespace GapTools.S3ToCloudSearch.Conversion;

/// <summary>What <see cref="SdfConverter.Convert"/> made of one input document.</summary>
public readonly record struct SdfConversion
{
    private readonly IReadOnlyList<string>? ignoredProperties;

    /// <summary>Add or delete when the input was valid; <see cref="SdfOperationType.None"/> when it was rejected.</summary>
    public SdfOperationType Type { get; init; }

    /// <summary>Why the input was rejected (names the property or field, never a field value); null when valid.</summary>
    public string? Error { get; init; }

    /// <summary>Characters removed from string values because XML 1.0 (and so CloudSearch) does not allow them.</summary>
    public int StrippedCharacters { get; init; }

    /// <summary>
    /// Bytes of invalid UTF-8 and lone surrogate escapes in string values, each replaced by U+FFFD (as s32cs, through
    /// Go's JSON decoder, does).
    /// </summary>
    public int ReplacedCharacters { get; init; }

    /// <summary>
    /// Top-level properties other than <c>id</c>, <c>type</c> and <c>fields</c> (such as <c>version</c> or
    /// <c>_comment</c>), which were left out of the operation as s32cs leaves them out; each name once, in order.
    /// Borrowed from the converter like <see cref="Document"/>. Empty when there were none.
    /// </summary>
    public IReadOnlyList<string> IgnoredProperties { get => ignoredProperties ?? []; init => ignoredProperties = value; }

    /// <summary>
    /// The serialized SDF operation. Borrowed from the converter: valid until its next <c>Convert</c> call.
    /// Empty when rejected.
    /// </summary>
    public ReadOnlyMemory<byte> Document { get; init; }

    /// <summary>True when the document was rejected only for being over the 1 MB document limit.</summary>
    public bool IsOverSizeLimit { get; init; }

    /// <summary>True when <see cref="Document"/> holds an operation to upload.</summary>
    public bool IsValid => Error is null;

    internal static SdfConversion Rejected(string error, TextRepairs repairs, IReadOnlyList<string> ignored) =>
        new()
        {
            Type = SdfOperationType.None,
            Error = error,
            StrippedCharacters = repairs.Stripped,
            ReplacedCharacters = repairs.Replaced,
            IgnoredProperties = ignored,
        };
}

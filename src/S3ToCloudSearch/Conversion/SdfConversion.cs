namespace GapTools.S3ToCloudSearch.Conversion;

/// <summary>What <see cref="SdfConverter.Convert"/> made of one input document.</summary>
public readonly record struct SdfConversion
{
    /// <summary>Add or delete when the input was valid; <see cref="SdfOperationType.None"/> when it was rejected.</summary>
    public SdfOperationType Type { get; init; }

    /// <summary>Why the input was rejected (names the property or field, never a field value); null when valid.</summary>
    public string? Error { get; init; }

    /// <summary>Characters removed from string values because XML 1.0 (and so CloudSearch) does not allow them.</summary>
    public int StrippedCharacters { get; init; }

    /// <summary>
    /// The serialized SDF operation. Borrowed from the converter: valid until its next <c>Convert</c> call.
    /// Empty when rejected.
    /// </summary>
    public ReadOnlyMemory<byte> Document { get; init; }

    /// <summary>True when the document was rejected only for being over the 1 MB document limit.</summary>
    public bool IsOverSizeLimit { get; init; }

    /// <summary>True when <see cref="Document"/> holds an operation to upload.</summary>
    public bool IsValid => Error is null;

    internal static SdfConversion Rejected(string error, int stripped = 0) =>
        new() { Type = SdfOperationType.None, Error = error, StrippedCharacters = stripped };
}

namespace GapTools.S3ToCloudSearch.Conversion;

/// <summary>
/// CloudSearch document service limits
/// (https://docs.aws.amazon.com/cloudsearch/latest/developerguide/limits.html).
/// </summary>
public static class SdfLimits
{
    /// <summary>Individual documents cannot contain more than 1 MB of data (1,048,576 bytes of serialized JSON).</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    /// <summary>The entire batch cannot exceed 5 MB (5,242,880 bytes).</summary>
    public const int MaxBatchBytes = 5 * 1024 * 1024;

    /// <summary>A document id is 1–128 characters.</summary>
    public const int MaxIdLength = 128;

    /// <summary>A field name is at most 64 characters.</summary>
    public const int MaxFieldNameLength = 64;
}

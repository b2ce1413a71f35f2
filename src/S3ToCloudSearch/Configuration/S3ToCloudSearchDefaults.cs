using GapTools.S3ToCloudSearch.Conversion;

namespace GapTools.S3ToCloudSearch.Configuration;

/// <summary>Defaults and limits of <see cref="S3ToCloudSearchOptions"/>.</summary>
public static class S3ToCloudSearchDefaults
{
    /// <summary>5,242,880 bytes: CloudSearch's 5 MB batch limit.</summary>
    public const int MaxBatchBytes = SdfLimits.MaxBatchBytes;

    /// <summary>The smallest batch limit: one 1 MB document plus the brackets, so every valid document fits a batch.</summary>
    public const int MinBatchBytes = SdfLimits.MaxDocumentBytes + 2;

    /// <summary>
    /// 2,097,152 bytes: lines up to this long are read and converted (escapes and spacing can shrink a line below
    /// the 1 MB document limit); longer ones are reported without being buffered.
    /// </summary>
    public const int MaxLineBytes = 2 * SdfLimits.MaxDocumentBytes;

    /// <summary>No minimum interval between uploads to a domain.</summary>
    public static readonly TimeSpan MinUploadInterval = TimeSpan.Zero;

    /// <summary>60 s before a message whose uploads failed is delivered again.</summary>
    public static readonly TimeSpan FailedMessageDelay = TimeSpan.FromSeconds(60);

    /// <summary>2 minutes per upload attempt.</summary>
    public static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(2);
}

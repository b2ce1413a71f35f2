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

    /// <summary>1 s: the longest the first document of a partly filled batch waits for the messages received after its own.</summary>
    public static readonly TimeSpan MaxBatchWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// 2,000 SQS messages in flight when <c>Sqs:Consumer:MaxInFlight</c> is not set: a batch fills only from messages in
    /// flight (5 MB is 128 objects of 40 KB), and a message read and waiting for its batch holds no buffer.
    /// </summary>
    public const int MaxInFlight = 2_000;

    /// <summary>4 parallel SQS receives when <c>Sqs:Consumer:ReceiveConcurrency</c> is not set.</summary>
    public const int ReceiveConcurrency = 4;

    /// <summary>No minimum interval between uploads to a domain.</summary>
    public static readonly TimeSpan MinUploadInterval = TimeSpan.Zero;

    /// <summary>60 s before a message whose uploads failed is delivered again.</summary>
    public static readonly TimeSpan FailedMessageDelay = TimeSpan.FromSeconds(60);

    /// <summary>2 minutes per upload attempt.</summary>
    public static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(2);
}

namespace GapTools.S3ToCloudSearch.Sink;

/// <summary>
/// A document batch to upload; shaped like AWSSDK.CloudSearchDomain's <c>UploadDocumentsRequest</c> so that an
/// adapter over the official client is a one-file change when that package is available.
/// </summary>
internal sealed class UploadDocumentsRequest
{
    /// <summary>The batch, <c>[{"type":…},…]</c>.</summary>
    public required ReadOnlyMemory<byte> Documents { get; init; }

    /// <summary>Only JSON batches are produced.</summary>
    public string ContentType { get; init; } = "application/json";
}

/// <summary>The document service's answer to an accepted batch (AWSSDK.CloudSearchDomain's <c>UploadDocumentsResponse</c>).</summary>
internal sealed class UploadDocumentsResponse
{
    public string? Status { get; init; }

    public long Adds { get; init; }

    public long Deletes { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}

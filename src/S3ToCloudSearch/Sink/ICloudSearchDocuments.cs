namespace GapTools.S3ToCloudSearch.Sink;

/// <summary>The CloudSearch document service edge (one domain endpoint). Does not retry.</summary>
internal interface ICloudSearchDocuments
{
    /// <summary>The domain's document endpoint, for logs.</summary>
    Uri Endpoint { get; }

    /// <exception cref="DocumentServiceException">The service refused the batch (4xx/5xx).</exception>
    Task<UploadDocumentsResponse> UploadDocumentsAsync(UploadDocumentsRequest request, CancellationToken cancellationToken);
}

namespace GapTools.S3ToCloudSearch.Source;

/// <summary>The S3 edge: open an object as a stream, write an error file. Does not retry.</summary>
internal interface IS3ObjectStore
{
    /// <summary>
    /// Opens the object's content as a stream (the GetObject response stream, not buffered; the caller disposes it).
    /// Its Content-Encoding is not needed: gzip is recognised by its magic bytes, which also stays right when an
    /// HTTP layer has already decoded the body.
    /// </summary>
    Task<Stream> OpenAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken);

    Task PutAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);
}

namespace GapTools.S3ToCloudSearch.Source;

/// <summary>The S3 edge: open an object as a stream, write an error file. Does not retry.</summary>
internal interface IS3ObjectStore
{
    /// <summary>Opens the object's content as a stream (the GetObject response stream, not buffered).</summary>
    Task<S3ObjectStream> OpenAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken);

    Task PutAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);
}

/// <summary>An opened object: its content stream (the caller disposes it) and what S3 said about it.</summary>
internal sealed record S3ObjectStream(Stream Content, string? ContentEncoding, long? ContentLength);

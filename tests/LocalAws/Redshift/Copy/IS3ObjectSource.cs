namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>One object in a listing.</summary>
internal sealed record S3ObjectInfo(string Key, long Size);

/// <summary>
/// Where COPY reads S3 objects from: the local endpoint's S3 store implements it; tests may use
/// <see cref="InMemoryS3ObjectSource"/>.
/// </summary>
internal interface IS3ObjectSource
{
    /// <summary>Every object in <paramref name="bucket"/> whose key starts with <paramref name="prefix"/>, in key order.</summary>
    Task<IReadOnlyList<S3ObjectInfo>> ListAsync(string bucket, string prefix, CancellationToken cancellationToken);

    /// <summary>The object's content, or null when the bucket or key does not exist.</summary>
    Task<Stream?> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken);
}

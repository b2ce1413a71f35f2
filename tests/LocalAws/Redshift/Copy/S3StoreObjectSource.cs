using GapTools.LocalAws.S3;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>COPY reads objects from the S3 emulator's store, as Redshift reads them from S3.</summary>
internal sealed class S3StoreObjectSource(S3Store store) : IS3ObjectSource
{
    public Task<IReadOnlyList<S3ObjectInfo>> ListAsync(string bucket, string prefix, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<S3ObjectInfo>>(store.BucketExists(bucket)
            ? store.List(bucket, prefix).Select(o => new S3ObjectInfo(o.Key, o.Size)).ToList()
            : []);

    public Task<Stream?> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken) =>
        Task.FromResult(store.TryGetObject(bucket, key, out var stored) ? stored!.OpenRead() : null);
}

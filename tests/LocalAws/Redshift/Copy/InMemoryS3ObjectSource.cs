using System.Collections.Concurrent;
using System.Text;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>A thread-safe in-memory <see cref="IS3ObjectSource"/> for tests.</summary>
internal sealed class InMemoryS3ObjectSource : IS3ObjectSource
{
    private readonly ConcurrentDictionary<(string Bucket, string Key), byte[]> _objects = new();

    public InMemoryS3ObjectSource Put(string bucket, string key, byte[] content)
    {
        _objects[(bucket, key)] = content;
        return this;
    }

    public InMemoryS3ObjectSource Put(string bucket, string key, string content) => Put(bucket, key, Encoding.UTF8.GetBytes(content));

    public Task<IReadOnlyList<S3ObjectInfo>> ListAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        IReadOnlyList<S3ObjectInfo> listing = _objects
            .Where(o => o.Key.Bucket == bucket && o.Key.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(o => new S3ObjectInfo(o.Key.Key, o.Value.LongLength))
            .OrderBy(o => o.Key, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(listing);
    }

    public Task<Stream?> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(_objects.TryGetValue((bucket, key), out var content) ? new MemoryStream(content, writable: false) : null);
}

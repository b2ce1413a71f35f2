using System.Collections.Concurrent;
using GapTools.S3ToCloudSearch.Source;

namespace GapTools.S3ToCloudSearch.Tests.Fakes;

/// <summary>Objects in a dictionary, keyed "bucket/key".</summary>
internal sealed class FakeS3ObjectStore : IS3ObjectStore
{
    public ConcurrentDictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

    public Task<Stream> OpenAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new MemoryStream(Objects[$"{bucket}/{key}"], writable: false));

    public Task PutAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        Objects[$"{bucket}/{key}"] = content.ToArray();
        return Task.CompletedTask;
    }
}

using System.Runtime.InteropServices;

namespace GapTools.LocalAws.S3;

/// <summary>
/// One object as S3 stores it. The bytes live in memory and are never copied per read: <see cref="Data"/> and
/// <see cref="OpenRead"/> expose the stored array. A byte array caps an object at about 2 GiB; keep test objects
/// at 1 GiB or less (the CloudSearch benchmark's size).
/// </summary>
public sealed record S3StoredObject
{
    public required string Bucket { get; init; }

    public required string Key { get; init; }

    public required ReadOnlyMemory<byte> Data { get; init; }

    public long Size => Data.Length;

    /// <summary>Quoted as S3 sends it: <c>"&lt;md5 hex&gt;"</c>, or <c>"&lt;hex&gt;-&lt;parts&gt;"</c> after a multipart upload.</summary>
    public required string ETag { get; init; }

    /// <summary>Second precision, as S3 keeps it.</summary>
    public required DateTimeOffset LastModified { get; init; }

    /// <summary>S3's default when the upload named none.</summary>
    public string ContentType { get; init; } = S3Defaults.ContentType;

    /// <summary>The stored Content-Encoding with the transfer-only <c>aws-chunked</c> token removed.</summary>
    public string? ContentEncoding { get; init; }

    public string? ContentDisposition { get; init; }

    public string? ContentLanguage { get; init; }

    public string? CacheControl { get; init; }

    public string? Expires { get; init; }

    /// <summary>User metadata: lower-case names without the <c>x-amz-meta-</c> prefix.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Checksums the uploader sent, by algorithm (<c>CRC32</c>, <c>SHA256</c>, …), base64 as on the wire.</summary>
    public IReadOnlyDictionary<string, string> Checksums { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The ETag without quotes, as S3 event notifications carry it.</summary>
    public string ETagHex => ETag.Trim('"');

    /// <summary>A read-only stream over the stored bytes (no copy).</summary>
    public Stream OpenRead() =>
        MemoryMarshal.TryGetArray(Data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(Data.ToArray(), writable: false);
}

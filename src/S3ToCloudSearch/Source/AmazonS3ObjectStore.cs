using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace GapTools.S3ToCloudSearch.Source;

/// <summary><see cref="IS3ObjectStore"/> over the worker's own S3 client, whose SDK retries are the S3 edge's one retry layer.</summary>
internal sealed class AmazonS3ObjectStore(IAmazonS3 s3) : IS3ObjectStore
{
    public async Task<Stream> OpenAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken)
    {
        var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId }, cancellationToken)
            .ConfigureAwait(false);
        return response.ResponseStream;
    }

    public async Task PutAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        using var body = MemoryMarshal.TryGetArray(content, out var array)
            ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = body,
            ContentType = contentType,
            AutoCloseStream = false,
        }, cancellationToken).ConfigureAwait(false);
    }
}

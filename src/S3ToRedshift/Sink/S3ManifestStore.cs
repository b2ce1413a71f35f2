using Amazon.S3;
using Amazon.S3.Model;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>Manifests through the S3 SDK client (its own retry policy is the only one on this edge).</summary>
internal sealed class S3ManifestStore(IAmazonS3 s3) : IManifestStore
{
    public Task PutAsync(string bucket, string key, byte[] content, CancellationToken cancellationToken) =>
        s3.PutObjectAsync(
            new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(content), ContentType = "application/json", AutoCloseStream = true },
            cancellationToken);

    public async Task<(string ETag, string VersionId)?> HeadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return ((head.ETag ?? "").Trim('"'), head.VersionId is null or "null" ? "" : head.VersionId);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken) =>
        s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, cancellationToken);
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using GapTools.LocalAws.S3;

namespace GapTools.LocalAws.Tests.S3;

/// <summary>Object round trips through the real AmazonS3Client with its default settings (aws-chunked + CRC32 trailer).</summary>
public sealed class S3ObjectTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(AmazonS3Client Client, string Bucket)> BucketAsync([System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        var client = fixture.Client();
        var bucket = "b-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..20];
        await client.PutBucketAsync(bucket, Ct);
        return (client, bucket);
    }

    [Fact]
    public async Task Put_get_head_delete_round_trip_with_default_sdk_settings()
    {
        var (client, bucket) = await BucketAsync();
        var body = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7 % 251)).ToArray();

        var put = await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "data/one.bin",
            InputStream = new MemoryStream(body),
            ContentType = "application/x-test",
            Metadata = { ["Origin"] = "unit" },
        }, Ct);
        Assert.True(fixture.Server.State.S3.TryGetObject(bucket, "data/one.bin", out var stored));
        using var get = await client.GetObjectAsync(bucket, "data/one.bin", Ct);
        using var read = new MemoryStream();
        await get.ResponseStream.CopyToAsync(read, Ct);
        var head = await client.GetObjectMetadataAsync(bucket, "data/one.bin", Ct);
        await client.DeleteObjectAsync(bucket, "data/one.bin", Ct);
        var gone = await Assert.ThrowsAsync<NoSuchKeyException>(() => client.GetObjectAsync(bucket, "data/one.bin", Ct));

        var md5 = Md5ETag(body);
        Assert.Equal(md5, put.ETag);
        // The SDK's default upload is aws-chunked with a CRC32 trailer; the trailer was decoded, verified and kept.
        Assert.Equal(put.ChecksumCRC32, stored.Checksums["CRC32"]);
        Assert.Equal(put.ChecksumCRC32, get.ChecksumCRC32);
        Assert.Equal(body, read.ToArray());
        Assert.Equal(md5, get.ETag);
        Assert.Equal("application/x-test", get.Headers.ContentType);
        Assert.Equal("unit", get.Metadata["x-amz-meta-origin"]);
        Assert.Equal(body.Length, head.ContentLength);
        Assert.Equal(md5, head.ETag);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("NoSuchKey", gone.ErrorCode);
        Assert.True(fixture.Server.State.S3.TryGetObject(bucket, "data/one.bin", out _) is false);
    }

#pragma warning disable CA5351 // S3 defines the ETag as the MD5 of the bytes.
    internal static string Md5ETag(byte[] data) => "\"" + Convert.ToHexStringLower(MD5.HashData(data)) + "\"";
#pragma warning restore CA5351
}

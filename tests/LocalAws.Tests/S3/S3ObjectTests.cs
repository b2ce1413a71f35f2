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

    [Theory]
    [InlineData("my file+1 é.json")]
    [InlineData("100%25 sure%.txt")]
    [InlineData("it's (really) [odd] ~!@$&*=,;:.txt")]
    [InlineData("日本語/ファイル 名.csv")]
    [InlineData("emoji-😀/x")]
    [InlineData("a//b")]
    [InlineData("dir/sub dir/deep+plus/")]
    public async Task Keys_with_special_characters_round_trip_and_list_exactly(string key)
    {
        var (client, bucket) = await BucketAsync("keys-" + key);

        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "v:" + key }, Ct);
        using var get = await client.GetObjectAsync(bucket, key, Ct);
        using var reader = new StreamReader(get.ResponseStream);
        var text = await reader.ReadToEndAsync(Ct);
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Ct);

        Assert.Equal("v:" + key, text);
        Assert.Equal(key, Assert.Single(listed.S3Objects).Key);
        Assert.True(fixture.Server.State.S3.TryGetObject(bucket, key, out _));
    }

    [Theory]
    [InlineData("bytes=0-9", 206, 0, 10, "bytes 0-9/1000")]
    [InlineData("bytes=990-", 206, 990, 10, "bytes 990-999/1000")]
    [InlineData("bytes=-25", 206, 975, 25, "bytes 975-999/1000")]
    [InlineData("bytes=995-2000", 206, 995, 5, "bytes 995-999/1000")]
    [InlineData("bytes=-5000", 206, 0, 1000, "bytes 0-999/1000")]
    public async Task Range_gets_return_partial_content(string range, int status, int first, int length, string contentRange)
    {
        var (client, bucket) = await BucketAsync("range-" + range);
        var body = Enumerable.Range(0, 1000).Select(i => (byte)(i % 256)).ToArray();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "r.bin", InputStream = new MemoryStream(body) }, Ct);

        using var get = await client.GetObjectAsync(new GetObjectRequest
        {
            BucketName = bucket,
            Key = "r.bin",
            ByteRange = new ByteRange(range),
        }, Ct);
        using var read = new MemoryStream();
        await get.ResponseStream.CopyToAsync(read, Ct);

        Assert.Equal((HttpStatusCode)status, get.HttpStatusCode);
        Assert.Equal(body.AsSpan(first, length).ToArray(), read.ToArray());
        Assert.Equal(contentRange, get.ContentRange);
        Assert.Equal(length, get.ContentLength);
    }

    [Fact]
    public async Task Range_past_the_end_is_416_InvalidRange()
    {
        var (client, bucket) = await BucketAsync();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "small", ContentBody = "0123456789" }, Ct);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectAsync(new GetObjectRequest
        {
            BucketName = bucket,
            Key = "small",
            ByteRange = new ByteRange("bytes=10-20"),
        }, Ct));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, error.StatusCode);
        Assert.Equal("InvalidRange", error.ErrorCode);
    }

    [Fact]
    public async Task Unknown_bucket_is_NoSuchBucket_and_unknown_key_head_is_404()
    {
        var (client, bucket) = await BucketAsync();

        var noBucket = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectAsync("no-such-bucket-here", "k", Ct));
        var noKey = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectMetadataAsync(bucket, "missing", Ct));

        Assert.Equal("NoSuchBucket", noBucket.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, noBucket.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noKey.StatusCode);
    }

    [Fact]
    public async Task Plain_upload_with_content_md5_and_no_chunking_is_verified()
    {
        var (client, bucket) = await BucketAsync();
        var body = Encoding.UTF8.GetBytes("hello, md5");

        var put = await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "plain",
            InputStream = new MemoryStream(body),
            UseChunkEncoding = false,
            MD5Digest = Convert.ToBase64String(MD5Bytes(body)),
        }, Ct);

        Assert.Equal(Md5ETag(body), put.ETag);
        Assert.True(fixture.Server.State.S3.TryGetObject(bucket, "plain", out var stored));
        Assert.Equal(body, stored.Data.ToArray());
    }

    [Fact]
    public async Task Copy_object_shares_bytes_and_keeps_or_replaces_metadata()
    {
        var (client, bucket) = await BucketAsync();
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "src key+1",
            ContentBody = "copy me",
            ContentType = "text/plain",
            Metadata = { ["a"] = "1" },
        }, Ct);

        var kept = await client.CopyObjectAsync(bucket, "src key+1", bucket, "dst/kept", Ct);
        await client.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "src key+1",
            DestinationBucket = bucket,
            DestinationKey = "dst/replaced",
            MetadataDirective = S3MetadataDirective.REPLACE,
            ContentType = "application/json",
        }, Ct);
        var keptHead = await client.GetObjectMetadataAsync(bucket, "dst/kept", Ct);
        var replacedHead = await client.GetObjectMetadataAsync(bucket, "dst/replaced", Ct);
        var self = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.CopyObjectAsync(bucket, "src key+1", bucket, "src key+1", Ct));

        Assert.Equal(Md5ETag(Encoding.UTF8.GetBytes("copy me")), kept.ETag);
        Assert.Equal("text/plain", keptHead.Headers.ContentType);
        Assert.Equal("1", keptHead.Metadata["x-amz-meta-a"]);
        Assert.Equal("application/json", replacedHead.Headers.ContentType);
        Assert.Empty(replacedHead.Metadata.Keys);
        Assert.Equal("InvalidRequest", self.ErrorCode);
    }

    [Fact]
    public async Task Delete_objects_removes_listed_keys_and_reports_them()
    {
        var (client, bucket) = await BucketAsync();
        foreach (var key in new[] { "a", "b c", "d+e" })
        {
            await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key }, Ct);
        }

        var result = await client.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects = [new KeyVersion { Key = "a" }, new KeyVersion { Key = "b c" }, new KeyVersion { Key = "never-existed" }],
        }, Ct);
        var left = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Ct);

        Assert.Equal(["a", "b c", "never-existed"], result.DeletedObjects.Select(d => d.Key).Order(StringComparer.Ordinal));
        Assert.Null(result.DeleteErrors);
        Assert.Equal("d+e", Assert.Single(left.S3Objects).Key);
    }

    [Fact]
    public async Task Conditional_get_and_create_only_put()
    {
        var (client, bucket) = await BucketAsync();
        var put = await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "c", ContentBody = "x" }, Ct);

        var notModified = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectAsync(new GetObjectRequest
        {
            BucketName = bucket,
            Key = "c",
            EtagToNotMatch = put.ETag,
        }, Ct));
        var failed = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectAsync(new GetObjectRequest
        {
            BucketName = bucket,
            Key = "c",
            EtagToMatch = "\"0000\"",
        }, Ct));
        var exists = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "c",
            ContentBody = "y",
            IfNoneMatch = "*",
        }, Ct));

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, failed.StatusCode);
        Assert.Equal("PreconditionFailed", exists.ErrorCode);
    }

    [Fact]
    public async Task Only_the_null_version_exists_because_versioning_is_off()
    {
        var (client, bucket) = await BucketAsync();
        var put = await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "v", ContentBody = "x" }, Ct);

        var versioning = await client.GetBucketVersioningAsync(bucket, Ct);
        var nullVersion = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "v", VersionId = "null" }, Ct);
        var other = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "v", VersionId = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY" }, Ct));

        Assert.Null(put.VersionId);
        Assert.Equal(VersionStatus.Off, versioning.VersioningConfig.Status);
        Assert.Equal(put.ETag, nullVersion.ETag);
        Assert.Equal("InvalidArgument", other.ErrorCode);
    }

#pragma warning disable CA5351 // S3 defines the ETag as the MD5 of the bytes.
    internal static string Md5ETag(byte[] data) => "\"" + Convert.ToHexStringLower(MD5.HashData(data)) + "\"";

    internal static byte[] MD5Bytes(byte[] data) => MD5.HashData(data);
#pragma warning restore CA5351
}

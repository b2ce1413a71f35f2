using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Util;
using GapTools.LocalAws.Faults;

namespace GapTools.LocalAws.Tests.S3;

/// <summary>Bucket lifecycle and injected faults, through the real SDK.</summary>
public sealed class S3BucketTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_is_idempotent_for_the_owner_in_us_east_1_and_the_bucket_is_listed()
    {
        using var client = fixture.Client();

        var first = await client.PutBucketAsync("twice", Ct);
        var second = await client.PutBucketAsync("twice", Ct);
        var list = await client.ListBucketsAsync(Ct);
        var exists = await AmazonS3Util.DoesS3BucketExistV2Async(client, "twice");

        Assert.Equal(HttpStatusCode.OK, first.HttpStatusCode);
        Assert.Equal(HttpStatusCode.OK, second.HttpStatusCode);
        Assert.Contains(list.Buckets, b => b.BucketName == "twice");
        Assert.True(exists);
    }

    [Fact]
    public async Task Create_again_in_another_region_is_BucketAlreadyOwnedByYou()
    {
        using var west = fixture.Client(c => c.AuthenticationRegion = "eu-west-1");

        await west.PutBucketAsync(new PutBucketRequest { BucketName = "west-bucket", BucketRegionName = "eu-west-1" }, Ct);
        var again = await Assert.ThrowsAsync<BucketAlreadyOwnedByYouException>(() =>
            west.PutBucketAsync(new PutBucketRequest { BucketName = "west-bucket", BucketRegionName = "eu-west-1" }, Ct));
        var location = await west.GetBucketLocationAsync("west-bucket", Ct);

        Assert.Equal("BucketAlreadyOwnedByYou", again.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("eu-west-1", location.Location.Value);
    }

    [Fact]
    public async Task Invalid_names_are_refused()
    {
        using var client = fixture.Client();

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutBucketAsync("Bad_Name", Ct));

        Assert.Equal("InvalidBucketName", error.ErrorCode);
    }

    [Fact]
    public async Task Delete_refuses_a_non_empty_bucket_then_succeeds_when_empty()
    {
        using var client = fixture.Client();
        await client.PutBucketAsync("to-delete", Ct);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = "to-delete", Key = "k", ContentBody = "x" }, Ct);

        var notEmpty = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.DeleteBucketAsync("to-delete", Ct));
        await client.DeleteObjectAsync("to-delete", "k", Ct);
        await client.DeleteBucketAsync("to-delete", Ct);
        var gone = await Assert.ThrowsAsync<NoSuchBucketException>(() => client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "to-delete" }, Ct));

        Assert.Equal("BucketNotEmpty", notEmpty.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, notEmpty.StatusCode);
        Assert.Equal("NoSuchBucket", gone.ErrorCode);
    }

    [Fact]
    public async Task SlowDown_is_seen_raw_without_retries_and_absorbed_by_sdk_retries()
    {
        using var raw = fixture.Client();
        using var retrying = fixture.Client(c => c.MaxErrorRetry = 2);
        await raw.PutBucketAsync("slow", Ct);

        using (fixture.Server.Faults.Add(FaultRule.SlowDown("s3", "PutObject", count: 1)))
        {
            var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
                raw.PutObjectAsync(new PutObjectRequest { BucketName = "slow", Key = "a", ContentBody = "x" }, Ct));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
            Assert.Equal("SlowDown", error.ErrorCode);
        }

        using (fixture.Server.Faults.Add(FaultRule.SlowDown("s3", "PutObject", count: 1)))
        {
            var before = fixture.Server.Requests.Count("s3", "PutObject");
            var put = await retrying.PutObjectAsync(new PutObjectRequest { BucketName = "slow", Key = "b", ContentBody = "y" }, Ct);
            Assert.Equal(HttpStatusCode.OK, put.HttpStatusCode);
            Assert.Equal(2, fixture.Server.Requests.Count("s3", "PutObject") - before);
        }

        Assert.False(fixture.Server.State.S3.TryGetObject("slow", "a", out _));
        Assert.True(fixture.Server.State.S3.TryGetObject("slow", "b", out _));
    }

    [Fact]
    public async Task Multipart_upload_through_the_transfer_utility_assembles_the_object()
    {
        using var client = fixture.Client();
        await client.PutBucketAsync("multipart", Ct);
        var body = Enumerable.Range(0, 12 * 1024 * 1024 + 123).Select(i => (byte)(i * 13 % 251)).ToArray();
        using var transfer = new Amazon.S3.Transfer.TransferUtility(client, new Amazon.S3.Transfer.TransferUtilityConfig { MinSizeBeforePartUpload = 5 * 1024 * 1024 });

        await transfer.UploadAsync(new Amazon.S3.Transfer.TransferUtilityUploadRequest
        {
            BucketName = "multipart",
            Key = "big.bin",
            InputStream = new MemoryStream(body),
            PartSize = 5 * 1024 * 1024,
        }, Ct);
        using var get = await client.GetObjectAsync("multipart", "big.bin", Ct);
        using var read = new MemoryStream();
        await get.ResponseStream.CopyToAsync(read, Ct);

        Assert.Equal(body, read.ToArray());
        Assert.EndsWith("-3\"", get.ETag, StringComparison.Ordinal);
        Assert.Equal(1, fixture.Server.Requests.Count("s3", "CompleteMultipartUpload"));
    }
}

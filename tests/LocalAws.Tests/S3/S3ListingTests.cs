using Amazon.S3;
using Amazon.S3.Model;

namespace GapTools.LocalAws.Tests.S3;

/// <summary>ListObjectsV2 paging, delimiters and ordering through the real SDK; the keys are seeded through the store.</summary>
public sealed class S3ListingTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>, IAsyncLifetime
{
    private const string Bucket = "listing";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // 2,500 keys: 25 "folders" of 100 keys each, plus a few at the top level.
    private static readonly List<string> Keys = Enumerable.Range(0, 2500)
        .Select(i => $"logs/{i / 100:D2}/event-{i % 100:D3}.json")
        .Concat(["root-a.txt", "root-b.txt"])
        .ToList();

    public ValueTask InitializeAsync()
    {
        if (!fixture.Server.State.S3.BucketExists(Bucket))
        {
            foreach (var key in Keys)
            {
                fixture.Server.State.S3.PutObject(Bucket, key, [1, 2, 3]);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Pages_of_1000_cover_all_keys_once_in_order_with_continuation_tokens()
    {
        using var client = fixture.Client();
        var pages = new List<ListObjectsV2Response>();
        string? token = null;
        do
        {
            var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, ContinuationToken = token }, Ct);
            pages.Add(page);
            token = page.NextContinuationToken;
        }
        while (pages[^1].IsTruncated == true);

        Assert.Equal([1000, 1000, 502], pages.Select(p => p.KeyCount ?? 0));
        Assert.Equal([true, true, false], pages.Select(p => p.IsTruncated ?? false));
        Assert.Equal(Keys.Order(StringComparer.Ordinal), pages.SelectMany(p => p.S3Objects).Select(o => o.Key));
        Assert.Null(pages[^1].NextContinuationToken);
    }

    [Fact]
    public async Task Paginator_with_small_max_keys_and_prefix_sees_each_key_once()
    {
        using var client = fixture.Client();
        var keys = new List<string>();

        await foreach (var o in client.Paginators.ListObjectsV2(new ListObjectsV2Request { BucketName = Bucket, Prefix = "logs/07/", MaxKeys = 7 }).S3Objects.WithCancellation(Ct))
        {
            keys.Add(o.Key);
        }

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"logs/07/event-{i:D3}.json"), keys);
    }

    [Fact]
    public async Task Delimiter_folds_folders_into_common_prefixes_that_count_toward_max_keys()
    {
        using var client = fixture.Client();

        var top = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Delimiter = "/" }, Ct);
        var folders = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = "logs/", Delimiter = "/", MaxKeys = 10 }, Ct);
        var rest = await client.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = Bucket,
            Prefix = "logs/",
            Delimiter = "/",
            ContinuationToken = folders.NextContinuationToken,
        }, Ct);

        Assert.Equal(["logs/"], top.CommonPrefixes);
        Assert.Equal(["root-a.txt", "root-b.txt"], top.S3Objects.Select(o => o.Key));
        Assert.Equal(3, top.KeyCount);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"logs/{i:D2}/"), folders.CommonPrefixes);
        Assert.Null(folders.S3Objects);
        Assert.True(folders.IsTruncated);
        Assert.Equal(Enumerable.Range(10, 15).Select(i => $"logs/{i:D2}/"), rest.CommonPrefixes);
        Assert.False(rest.IsTruncated);
    }

    [Fact]
    public async Task Start_after_skips_keys_up_to_and_including_it()
    {
        using var client = fixture.Client();

        var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, StartAfter = "logs/24/event-097.json" }, Ct);

        Assert.Equal(["logs/24/event-098.json", "logs/24/event-099.json", "root-a.txt", "root-b.txt"], page.S3Objects.Select(o => o.Key));
        Assert.Equal("logs/24/event-097.json", page.StartAfter);
    }

    [Fact]
    public async Task Keys_are_ordered_by_utf8_bytes_not_utf16()
    {
        using var client = fixture.Client();
        const string bucket = "utf8-order";
        // U+FF5E (3 UTF-8 bytes EF BD 9E) sorts before U+1F600 (F0 9F 98 80), although its UTF-16 unit is larger.
        string[] keys = ["z", "\uFF5E", "😀", "a", "é"];
        foreach (var key in keys)
        {
            fixture.Server.State.S3.PutObject(bucket, key, []);
        }

        var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Ct);

        Assert.Equal(["a", "z", "é", "\uFF5E", "😀"], page.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task Bad_continuation_token_is_InvalidArgument()
    {
        using var client = fixture.Client();

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, ContinuationToken = "not base64!" }, Ct));

        Assert.Equal("InvalidArgument", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
    }
}

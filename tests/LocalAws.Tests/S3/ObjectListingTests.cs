using GapTools.LocalAws.S3;

namespace GapTools.LocalAws.Tests.S3;

public sealed class ObjectListingTests
{
    private static List<S3StoredObject> Objects(params string[] keys) =>
        keys.Order(Utf8KeyComparer.Instance).Select(k => new S3StoredObject
        {
            Bucket = "b",
            Key = k,
            Data = ReadOnlyMemory<byte>.Empty,
            ETag = "\"d41d8cd98f00b204e9800998ecf8427e\"",
            LastModified = DateTimeOffset.UnixEpoch,
        }).ToList();

    private static readonly List<S3StoredObject> Tree = Objects("a/1", "a/2", "b", "c/x/1", "c/y", "d/", "e");

    [Fact]
    public void Without_delimiter_every_key_is_listed_in_order()
    {
        var page = ObjectListing.Page(Tree, "", null, 1000, null);

        Assert.Equal(["a/1", "a/2", "b", "c/x/1", "c/y", "d/", "e"], page.Contents.Select(o => o.Key));
        Assert.False(page.IsTruncated);
    }

    [Fact]
    public void Common_prefixes_count_once_toward_max_keys_and_continue_after_the_prefix()
    {
        var first = ObjectListing.Page(Tree, "", "/", 2, null);
        var second = ObjectListing.Page(Tree, "", "/", 2, first.LastEntry);
        var third = ObjectListing.Page(Tree, "", "/", 2, second.LastEntry);

        Assert.Equal(["a/"], first.CommonPrefixes);
        Assert.Equal(["b"], first.Contents.Select(o => o.Key));
        Assert.True(first.IsTruncated);
        Assert.Equal("b", first.LastEntry);
        Assert.Equal(["c/", "d/"], second.CommonPrefixes);
        Assert.Equal("d/", second.LastEntry);
        Assert.Equal(["e"], third.Contents.Select(o => o.Key));
        Assert.False(third.IsTruncated);
    }

    [Fact]
    public void Prefix_and_delimiter_group_below_the_prefix()
    {
        var page = ObjectListing.Page(Tree, "c/", "/", 1000, null);

        Assert.Equal(["c/x/"], page.CommonPrefixes);
        Assert.Equal(["c/y"], page.Contents.Select(o => o.Key));
        Assert.Equal(2, page.KeyCount);
    }

    [Fact]
    public void A_page_that_ends_exactly_at_the_last_key_is_not_truncated()
    {
        var page = ObjectListing.Page(Objects("x", "y"), "", null, 2, null);

        Assert.False(page.IsTruncated);
        Assert.Equal(2, page.KeyCount);
    }

    [Fact]
    public void Max_keys_zero_returns_nothing_and_is_not_truncated()
    {
        var page = ObjectListing.Page(Tree, "", null, 0, null);

        Assert.Equal(0, page.KeyCount);
        Assert.False(page.IsTruncated);
    }

    [Fact]
    public void Multi_character_delimiters_work()
    {
        var page = ObjectListing.Page(Objects("p--1--a", "p--1--b", "p--2"), "p--", "--", 1000, null);

        Assert.Equal(["p--1--"], page.CommonPrefixes);
        Assert.Equal(["p--2"], page.Contents.Select(o => o.Key));
    }

    [Fact]
    public void Utf8_order_puts_supplementary_characters_after_the_private_use_area()
    {
        string[] keys = ["😀", "\uE000", "\uFFFD", "a", "\u00E9"];

        Assert.Equal(["a", "\u00E9", "\uE000", "\uFFFD", "😀"], keys.Order(Utf8KeyComparer.Instance));
        Assert.True(string.CompareOrdinal("😀", "\uE000") < 0, "UTF-16 ordinal order differs; that is the point");
    }
}

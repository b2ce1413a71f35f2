using GapTools.LocalAws.Signing;

namespace GapTools.LocalAws.Tests.Signing;

public sealed class CanonicalRequestTests
{
    [Theory]
    [InlineData("/my-bucket/a%20b/../c//d.txt", "/my-bucket/a%20b/../c//d.txt")]
    [InlineData("/my-bucket/%E2%82%AC%2B", "/my-bucket/%E2%82%AC%2B")]
    [InlineData("", "/")]
    public void S3_signs_the_path_exactly_as_sent(string raw, string expected) =>
        Assert.Equal(expected, CanonicalRequest.CanonicalUri(raw, "s3"));

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/000000000000/my-queue", "/000000000000/my-queue")]
    [InlineData("/a%20b/c:d", "/a%2520b/c%3Ad")]
    [InlineData("/a/b/../c/./d//", "/a/c/d/")]
    [InlineData("/a/b/..", "/a/")]
    [InlineData("/..", "/")]
    public void Other_services_normalise_and_encode_the_wire_path_once_more(string raw, string expected) =>
        Assert.Equal(expected, CanonicalRequest.CanonicalUri(raw, "sqs"));

    [Theory]
    [InlineData("b=2&a=1&a=0", "a=0&a=1&b=2")]
    [InlineData("prefix=a+b&flag", "flag=&prefix=a%2Bb")]
    [InlineData("key=%7e%2a%41", "key=~%2AA")]
    [InlineData("ሴ=bar", "%E1%88%B4=bar")]
    [InlineData("a=b=c&&", "a=b%3Dc")]
    [InlineData("bad=%zz", "bad=%25zz")]
    public void Query_is_decoded_reencoded_and_sorted(string raw, string expected) =>
        Assert.Equal(expected, CanonicalRequest.CanonicalQuery(raw, presigned: false));

    [Fact]
    public void Presigned_query_leaves_out_only_the_signature() =>
        Assert.Equal("X-Amz-Date=1&a=1", CanonicalRequest.CanonicalQuery("X-Amz-Signature=abc&a=1&X-Amz-Date=1", presigned: true));

    [Fact]
    public void Header_values_are_trimmed_collapsed_and_joined_in_arrival_order() =>
        Assert.Equal("a b c,x,y z", CanonicalRequest.CanonicalHeaderValue([" a   b  c ", "x", "\ty  z"]));

    [Theory]
    [InlineData("/p?q=1", "/p", "q=1")]
    [InlineData("/p", "/p", "")]
    [InlineData("http://127.0.0.1:4566/p%20q?x", "/p%20q", "x")]
    [InlineData("http://127.0.0.1:4566", "/", "")]
    public void Split_target_handles_origin_and_absolute_form(string target, string path, string query) =>
        Assert.Equal((path, query), SignedRequestReader.SplitTarget(target));
}

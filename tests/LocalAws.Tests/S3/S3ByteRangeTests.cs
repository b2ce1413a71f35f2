using GapTools.LocalAws.Protocols;
using GapTools.LocalAws.S3;

namespace GapTools.LocalAws.Tests.S3;

public sealed class S3ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-0", 0, 0)]
    [InlineData("bytes=5-", 5, 99)]
    [InlineData("bytes=-1", 99, 99)]
    [InlineData("bytes=-100", 0, 99)]
    [InlineData("bytes=-250", 0, 99)]
    [InlineData("bytes=90-1000", 90, 99)]
    [InlineData("BYTES= 3 - 4", 3, 4)]
    public void Satisfiable_ranges(string header, long first, long last)
    {
        Assert.Equal(new S3ByteRange(first, last), S3ByteRange.Parse(header, 100));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("items=0-1")]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=abc")]
    [InlineData("bytes=9-3")]
    [InlineData("bytes=-")]
    public void Ranges_S3_ignores_serve_the_whole_object(string? header)
    {
        Assert.Null(S3ByteRange.Parse(header, 100));
    }

    [Theory]
    [InlineData("bytes=100-", 100)]
    [InlineData("bytes=100-200", 100)]
    [InlineData("bytes=-0", 100)]
    [InlineData("bytes=0-", 0)]
    public void Unsatisfiable_ranges_are_InvalidRange_with_details(string header, long size)
    {
        var error = Assert.Throws<AwsErrorException>(() => S3ByteRange.Parse(header, size));

        Assert.Equal("InvalidRange", error.Code);
        Assert.Equal(System.Net.HttpStatusCode.RequestedRangeNotSatisfiable, error.Status);
        Assert.Equal(header, error.Details["RangeRequested"]);
        Assert.Equal($"bytes */{size}", error.Headers["Content-Range"]);
    }

    [Fact]
    public void Content_range_names_first_last_and_size()
    {
        Assert.Equal("bytes 10-19/100", new S3ByteRange(10, 19).ContentRange(100));
        Assert.Equal(10, new S3ByteRange(10, 19).Length);
    }
}

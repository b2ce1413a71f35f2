using GapTools.LocalAws.S3.Notifications;

namespace GapTools.LocalAws.Tests.S3;

public sealed class S3EventKeyTests
{
    [Theory]
    [InlineData("my file+1 é.json", "my+file%2B1+%C3%A9.json")]
    [InlineData("plain/path/file.txt", "plain/path/file.txt")]
    [InlineData("dt=2024-01-01/part-0.gz", "dt%3D2024-01-01/part-0.gz")]
    [InlineData("100% it's (x)~!", "100%25+it%27s+%28x%29%7E%21")]
    [InlineData("a*b_c-d.e", "a*b_c-d.e")]
    [InlineData("t:12:00&q=1?", "t%3A12%3A00%26q%3D1%3F")]
    [InlineData("😀", "%F0%9F%98%80")]
    public void Keys_are_form_encoded_with_slashes_kept(string key, string encoded)
    {
        Assert.Equal(encoded, S3EventKey.Encode(key));
        Assert.Equal(key, System.Web.HttpUtility.UrlDecode(encoded));
    }
}

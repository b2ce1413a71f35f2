using GapTools.LocalAws.Signing;

namespace GapTools.LocalAws.Tests.Signing;

public sealed class CredentialScopeTests
{
    private const string Authorization =
        "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/redshift-data/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";

    [Fact]
    public void Reads_the_scope_from_the_authorization_header()
    {
        Assert.True(CredentialScope.TryRead(Request([new("authorization", Authorization)]), out var scope, out _));

        Assert.Equal(new CredentialScope("AKID", "20150830", "us-east-1", "redshift-data"), scope);
        Assert.Equal("20150830/us-east-1/redshift-data/aws4_request", scope.ToString());
    }

    [Fact]
    public void Reads_the_scope_from_presigned_query_parameters()
    {
        var request = Request([], "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20150830%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z");

        Assert.True(CredentialScope.TryRead(request, out var scope, out _));

        Assert.Equal(new CredentialScope("AKID", "20150830", "eu-west-1", "s3"), scope);
    }

    [Theory]
    [InlineData("AWS AKID:c2lnbmF0dXJl", "Unsupported Authorization Type 'AWS'")]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc", "missing Credential=")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/s3, SignedHeaders=host, Signature=abc", "AKID/yyyyMMdd/region/service/aws4_request")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/2015-08-30/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc", "not in yyyyMMdd form")]
    public void Rejects_what_is_not_a_sigv4_credential(string authorization, string expected)
    {
        Assert.False(CredentialScope.TryRead(Request([new("Authorization", authorization)]), out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsigned_request_has_no_scope()
    {
        Assert.False(CredentialScope.TryRead(Request([new("Host", "localhost")]), out _, out var error));

        Assert.Contains("not signed", error, StringComparison.Ordinal);
    }

    private static SignedRequest Request(List<KeyValuePair<string, string>> headers, string query = "") => new("GET", "/", query, headers);
}

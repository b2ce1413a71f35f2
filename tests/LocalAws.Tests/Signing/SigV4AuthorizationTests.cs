using GapTools.LocalAws.Signing;

namespace GapTools.LocalAws.Tests.Signing;

/// <summary>Refusals before any signature is computed, starting from a valid suite request.</summary>
public sealed class SigV4AuthorizationTests
{
    private static readonly SignedRequest Valid = SigV4TestSuite.Request("get-vanilla");

    [Fact]
    public void No_signature_at_all_is_missing()
    {
        var result = SigV4TestSuite.Verifier().Verify(Valid with { Headers = Without("Authorization") });

        Assert.Equal(SigV4Failure.Missing, result.Failure);
        Assert.Null(result.Scope);
    }

    [Theory]
    [InlineData("SignedHeaders=host;x-amz-date", "SignedHeaders=x-amz-date", "'Host' or ':authority' must be a 'SignedHeader'")]
    [InlineData("SignedHeaders=host;x-amz-date", "SignedHeaders=Host;x-amz-date", "lowercase header names")]
    [InlineData("20150830/us-east-1", "20150831/us-east-1", "not the same as the request date 20150830")]
    [InlineData(", Signature=", ", Sig=", "requires 'Credential', 'SignedHeaders' and 'Signature'")]
    [InlineData("Signature=5f", "Signature=zz", "64 hexadecimal")]
    public void Inconsistent_authorization_is_malformed_and_still_names_its_scope(string from, string to, string expected)
    {
        var authorization = Valid.Header("Authorization")!.Replace(from, to, StringComparison.Ordinal);

        var result = SigV4TestSuite.Verifier().Verify(Valid with { Headers = [.. Without("Authorization"), new("Authorization", authorization)] });

        Assert.Equal(SigV4Failure.Malformed, result.Failure);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
        Assert.Equal("service", result.Scope?.Service);
    }

    [Fact]
    public void Missing_date_is_malformed()
    {
        var result = SigV4TestSuite.Verifier().Verify(Valid with { Headers = Without("X-Amz-Date") });

        Assert.Equal(SigV4Failure.Malformed, result.Failure);
        Assert.Contains("'X-Amz-Date' or a 'Date' header", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_and_presigned_query_together_are_malformed()
    {
        var result = SigV4TestSuite.Verifier().Verify(Valid with { RawQuery = "X-Amz-Algorithm=AWS4-HMAC-SHA256" });

        Assert.Equal(SigV4Failure.Malformed, result.Failure);
        Assert.Contains("Only one auth mechanism", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("604801")]
    [InlineData("ten")]
    public void Presigned_expiry_outside_one_second_to_seven_days_is_malformed(string expires)
    {
        var query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fs3%2Faws4_request"
            + $"&X-Amz-Date=20150830T123600Z&X-Amz-Expires={expires}&X-Amz-SignedHeaders=host&X-Amz-Signature={new string('0', 64)}";

        var result = SigV4TestSuite.Verifier().Verify(Valid with { RawQuery = query, Headers = Without("Authorization") });

        Assert.Equal(SigV4Failure.Malformed, result.Failure);
        Assert.Contains("X-Amz-Expires", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD")]
    [InlineData("abc")]
    public void Unknown_content_sha256_is_refused(string value)
    {
        var result = SigV4TestSuite.Verifier().Verify(Valid with { Headers = [.. Valid.Headers, new("x-amz-content-sha256", value)] });

        Assert.Equal(SigV4Failure.PayloadHashMismatch, result.Failure);
    }

    private static List<KeyValuePair<string, string>> Without(string name) =>
        Valid.Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
}

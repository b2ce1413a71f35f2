using System.Text;

namespace GapTools.Core.Tests.Signing;

/// <summary>Proves the reference used to check the handler agrees with the official SigV4 test suite.</summary>
public class ReferenceSigV4Tests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    [Theory]
    // get-vanilla-query-order-key-case
    [InlineData("GET", "/?Param2=value2&Param1=value1", null, "", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")]
    // post-vanilla
    [InlineData("POST", "/", null, "", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    // post-x-www-form-urlencoded (its authz signs content-type;host;x-amz-date)
    [InlineData("POST", "/", "application/x-www-form-urlencoded", "Param1=value1", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a")]
    public void Matches_the_official_vectors(string method, string pathAndQuery, string? contentType, string body, string signature)
    {
        var headers = new Dictionary<string, string>
        {
            ["Host"] = "example.amazonaws.com",
            ["X-Amz-Date"] = "20150830T123600Z",
        };
        if (contentType is not null)
        {
            headers["Content-Type"] = contentType;
        }

        var authorization = ReferenceSigV4.Authorization(
            method, new Uri("https://example.amazonaws.com" + pathAndQuery), headers, Encoding.UTF8.GetBytes(body),
            AccessKey, SecretKey, "us-east-1", "service", "20150830T123600Z");

        Assert.EndsWith("Signature=" + signature, authorization, StringComparison.Ordinal);
    }
}

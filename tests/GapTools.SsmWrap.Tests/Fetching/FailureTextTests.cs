using System.Net;
using Amazon.Runtime;
using GapTools.SsmWrap.Fetching;

namespace GapTools.SsmWrap.Tests.Fetching;

public class FailureTextTests
{
    private static AmazonServiceException Ssm(string code) =>
        new("User arn:aws:iam::1:user/x value=hunter2", ErrorType.Sender, code, "req-9", HttpStatusCode.BadRequest);

    [Theory]
    [InlineData("UnrecognizedClientException", "AWS does not know this access key")]
    [InlineData("InvalidSignatureException", "check the secret access key")]
    [InlineData("AccessDeniedException", "check the IAM policy")]
    public void Errors_a_person_must_fix_say_what_to_check(string code, string hint)
    {
        var text = FailureText.Describe(Ssm(code));

        Assert.StartsWith($"AmazonServiceException {code} (HTTP 400, request req-9): ", text, StringComparison.Ordinal);
        Assert.Contains(hint, text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_AWS_message_is_never_included() =>
        Assert.DoesNotContain("hunter2", FailureText.Describe(Ssm("ValidationException")), StringComparison.Ordinal);

    [Fact]
    public void Network_failures_name_the_chain_of_types() =>
        Assert.Equal(
            "AmazonClientException <- HttpRequestException Unknown",
            FailureText.Describe(new AmazonClientException("x", new HttpRequestException("connection refused to secret-host"))));
}

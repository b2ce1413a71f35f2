using GapTools.Testing.Iam;

namespace GapTools.Testing.Tests;

public sealed class IamPolicyTests
{
    private const string Policy = """
        {
          "Version": "2012-10-17",
          "Statement": [
            { "Sid": "Queue", "Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage"], "Resource": "arn:aws:sqs:r:a:q" },
            { "Sid": "Objects", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*" }
          ]
        }
        """;

    [Theory]
    [InlineData("sqs:ReceiveMessage", true)]
    [InlineData("SQS:receivemessage", true)] // IAM compares actions case-insensitively
    [InlineData("sqs:SendMessage", false)]
    [InlineData("s3:GetObject", true)]
    [InlineData("s3:PutObject", false)]
    public void Allows_matches_names_and_wildcards(string action, bool allowed) =>
        Assert.Equal(allowed, IamPolicy.Parse(Policy).Allows(action));

    [Fact]
    public void Without_removes_an_action_and_a_statement_left_empty()
    {
        var policy = IamPolicy.Parse(Policy).Without("s3:Get*");
        Assert.False(policy.Allows("s3:GetObject"));
        Assert.Equal(["Queue"], policy.Statements.Select(s => s.Sid));
    }

    [Fact]
    public void A_deny_or_not_action_is_refused_rather_than_half_read()
    {
        Assert.Throws<FormatException>(() => IamPolicy.Parse("""{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}"""));
        Assert.Throws<FormatException>(() => IamPolicy.Parse("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}"""));
    }

    [Theory]
    [InlineData("s3", "HeadObject", "s3:GetObject")]
    [InlineData("sqs", "DeleteMessageBatch", "sqs:DeleteMessage")]
    [InlineData("cloudsearch", "UploadDocuments", "cloudsearch:document")]
    [InlineData("redshift-data", "BatchExecuteStatement", "redshift-data:BatchExecuteStatement")]
    public void IamActions_maps_an_operation_to_the_action_aws_authorises_it_as(string service, string operation, string action) =>
        Assert.Equal([action], IamActions.For(service, operation));

    [Fact]
    public void Coverage_reports_a_missing_action_an_unused_one_a_wildcard_and_a_stale_extra()
    {
        var problems = PolicyCoverage.Problems(
            IamPolicy.Parse(Policy),
            ["sqs:ReceiveMessage", "sqs:ChangeMessageVisibility"],
            new Dictionary<string, string> { ["kms:Decrypt"] = "reason" });

        Assert.Equal(
            [
                "sqs:ChangeMessageVisibility was performed but the policy does not allow it",
                "sqs:DeleteMessage is allowed but the run never performed it and it is not a documented extra",
                "s3:Get* is a wildcard: name the actions",
                "kms:Decrypt is a documented extra the policy does not allow (stale list)",
            ],
            problems);
    }
}

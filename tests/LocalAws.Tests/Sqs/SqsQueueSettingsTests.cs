using GapTools.LocalAws.Sqs;

namespace GapTools.LocalAws.Tests.Sqs;

public sealed class SqsQueueSettingsTests
{
    [Fact]
    public void Defaults_are_AWS_defaults()
    {
        var attributes = SqsQueueSettings.Default.ToAttributes().ToDictionary();

        Assert.Equal("30", attributes["VisibilityTimeout"]);
        Assert.Equal("0", attributes["DelaySeconds"]);
        Assert.Equal("1048576", attributes["MaximumMessageSize"]);
        Assert.Equal("345600", attributes["MessageRetentionPeriod"]);
        Assert.Equal("0", attributes["ReceiveMessageWaitTimeSeconds"]);
        Assert.False(attributes.ContainsKey("RedrivePolicy"));
    }

    [Theory]
    [InlineData("VisibilityTimeout", "43201", "InvalidAttributeValue")]
    [InlineData("DelaySeconds", "-1", "InvalidAttributeValue")]
    [InlineData("MessageRetentionPeriod", "59", "InvalidAttributeValue")]
    [InlineData("ReceiveMessageWaitTimeSeconds", "twenty", "InvalidAttributeValue")]
    [InlineData("Colour", "blue", "InvalidAttributeName")]
    [InlineData("FifoQueue", "true", "InvalidParameterValue")]
    [InlineData("ContentBasedDeduplication", "true", "InvalidParameterValue")]
    [InlineData("RedrivePolicy", "{\"maxReceiveCount\":3}", "InvalidParameterValue")]
    [InlineData("RedrivePolicy", "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:d\",\"maxReceiveCount\":1001}", "InvalidParameterValue")]
    public void Invalid_attributes_raise_the_AWS_error(string name, string value, string code)
    {
        var error = Assert.Throws<SqsException>(() => SqsQueueSettings.Default.With(new Dictionary<string, string> { [name] = value }));

        Assert.Equal(code, error.QueryCode);
    }

    [Fact]
    public void Matches_compares_only_the_given_attributes_after_normalising()
    {
        var settings = SqsQueueSettings.Default.With(new Dictionary<string, string>
        {
            ["VisibilityTimeout"] = "60",
            ["RedrivePolicy"] = "{\"maxReceiveCount\":\"5\",\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:d\"}",
        });

        Assert.True(settings.Matches(new Dictionary<string, string>()));
        Assert.True(settings.Matches(new Dictionary<string, string> { ["VisibilityTimeout"] = "60" }));
        Assert.True(settings.Matches(new Dictionary<string, string>
        {
            ["RedrivePolicy"] = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:d\",\"maxReceiveCount\":5}",
        }));
        Assert.False(settings.Matches(new Dictionary<string, string> { ["VisibilityTimeout"] = "30" }));
        Assert.False(settings.Matches(new Dictionary<string, string> { ["DelaySeconds"] = "5" }));
    }
}

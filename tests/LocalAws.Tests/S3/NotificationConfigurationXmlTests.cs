using System.Xml.Linq;
using GapTools.LocalAws.Protocols;
using GapTools.LocalAws.S3;
using GapTools.LocalAws.S3.Notifications;

namespace GapTools.LocalAws.Tests.S3;

public sealed class NotificationConfigurationXmlTests
{
    private static NotificationConfiguration Parse(string inner) =>
        NotificationConfigurationXml.Parse(
            XElement.Parse($"<NotificationConfiguration xmlns=\"{S3Defaults.Namespace}\">{inner}</NotificationConfiguration>"),
            () => "generated-id");

    [Fact]
    public void Queue_topic_filters_and_eventbridge_are_read()
    {
        var configuration = Parse(
            "<QueueConfiguration><Id>q</Id><Queue>arn:aws:sqs:us-east-1:000000000000:q1</Queue><Event>s3:ObjectCreated:*</Event>" +
            "<Filter><S3Key><FilterRule><Name>Prefix</Name><Value>in/</Value></FilterRule><FilterRule><Name>suffix</Name><Value>.gz</Value></FilterRule></S3Key></Filter></QueueConfiguration>" +
            "<TopicConfiguration><Topic>arn:aws:sns:eu-west-1:123456789012:t1</Topic><Event>s3:ObjectRemoved:Delete</Event></TopicConfiguration>" +
            "<EventBridgeConfiguration/>");

        var queue = Assert.Single(configuration.Targets, t => t.Destination == NotificationDestination.Queue);
        var topic = Assert.Single(configuration.Targets, t => t.Destination == NotificationDestination.Topic);
        Assert.Equal(("q", "in/", ".gz"), (queue.Id, queue.Prefix, queue.Suffix));
        Assert.Equal("generated-id", topic.Id);
        Assert.Equal("arn:aws:sqs:eu-west-1:123456789012:t1", S3NotificationRouter.QueueForTopic(topic.Arn));
        Assert.True(configuration.EventBridge);
    }

    [Theory]
    [InlineData("ObjectCreated:Put", "in/a.gz", true)]
    [InlineData("ObjectCreated:CompleteMultipartUpload", "in/deep/b.gz", true)]
    [InlineData("ObjectCreated:Put", "in/a.json", false)]
    [InlineData("ObjectCreated:Put", "out/a.gz", false)]
    [InlineData("ObjectRemoved:Delete", "in/a.gz", false)]
    public void Targets_match_by_event_wildcard_prefix_and_suffix(string eventName, string key, bool expected)
    {
        var configuration = Parse(
            "<QueueConfiguration><Queue>arn:aws:sqs:us-east-1:000000000000:q1</Queue><Event>s3:ObjectCreated:*</Event>" +
            "<Filter><S3Key><FilterRule><Name>prefix</Name><Value>in/</Value></FilterRule><FilterRule><Name>suffix</Name><Value>.gz</Value></FilterRule></S3Key></Filter></QueueConfiguration>");

        Assert.Equal(expected, configuration.Targets[0].Matches(eventName, key));
    }

    [Theory]
    [InlineData("<QueueConfiguration><Queue>arn:aws:sqs:us-east-1:000000000000:q</Queue><Event>s3:ObjectCreated:Everything</Event></QueueConfiguration>", "The event is not supported for notifications")]
    [InlineData("<QueueConfiguration><Queue>not-an-arn</Queue><Event>s3:ObjectCreated:*</Event></QueueConfiguration>", "Unable to validate the following destination configurations")]
    [InlineData("<TopicConfiguration><Topic>arn:aws:sqs:us-east-1:000000000000:q</Topic><Event>s3:ObjectCreated:*</Event></TopicConfiguration>", "Unable to validate the following destination configurations")]
    [InlineData("<QueueConfiguration><Queue>arn:aws:sqs:us-east-1:000000000000:q</Queue><Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>prefix</Name><Value>a</Value></FilterRule><FilterRule><Name>prefix</Name><Value>b</Value></FilterRule></S3Key></Filter></QueueConfiguration>", "Cannot specify more than one PREFIX rule in a filter.")]
    [InlineData("<QueueConfiguration><Queue>arn:aws:sqs:us-east-1:000000000000:a</Queue><Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>suffix</Name><Value>.gz</Value></FilterRule></S3Key></Filter></QueueConfiguration>" +
                "<QueueConfiguration><Queue>arn:aws:sqs:us-east-1:000000000000:b</Queue><Event>s3:ObjectCreated:Put</Event><Filter><S3Key><FilterRule><Name>suffix</Name><Value>s.gz</Value></FilterRule></S3Key></Filter></QueueConfiguration>",
                "Configurations overlap. Configurations on the same bucket cannot share a common event type.")]
    public void Invalid_configurations_are_InvalidArgument(string inner, string message)
    {
        var error = Assert.Throws<AwsErrorException>(() => Parse(inner));

        Assert.Equal("InvalidArgument", error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Disjoint_filters_on_the_same_events_do_not_overlap()
    {
        var configuration = Parse(
            "<QueueConfiguration><Queue>arn:aws:sqs:us-east-1:000000000000:a</Queue><Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>prefix</Name><Value>a/</Value></FilterRule></S3Key></Filter></QueueConfiguration>" +
            "<QueueConfiguration><Queue>arn:aws:sqs:us-east-1:000000000000:b</Queue><Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>prefix</Name><Value>b/</Value></FilterRule></S3Key></Filter></QueueConfiguration>");

        Assert.Equal(2, configuration.Targets.Count);
    }

    [Fact]
    public void Lambda_destinations_are_refused_as_not_emulated()
    {
        var error = Assert.Throws<AwsErrorException>(() => Parse(
            "<CloudFunctionConfiguration><CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:f</CloudFunction><Event>s3:ObjectCreated:*</Event></CloudFunctionConfiguration>"));

        Assert.Equal("NotImplemented", error.Code);
    }

    [Fact]
    public void Rendering_round_trips()
    {
        var configuration = Parse(
            "<QueueConfiguration><Id>q</Id><Queue>arn:aws:sqs:us-east-1:000000000000:q1</Queue><Event>s3:ObjectCreated:*</Event><Event>s3:ObjectRemoved:*</Event>" +
            "<Filter><S3Key><FilterRule><Name>prefix</Name><Value>in/</Value></FilterRule></S3Key></Filter></QueueConfiguration><EventBridgeConfiguration/>");

        var again = NotificationConfigurationXml.Parse(NotificationConfigurationXml.Render(configuration), () => "unused");

        Assert.Equal(configuration.Targets.Single() with { Events = [] }, again.Targets.Single() with { Events = [] });
        Assert.Equal(configuration.Targets.Single().Events, again.Targets.Single().Events);
        Assert.True(again.EventBridge);
    }
}

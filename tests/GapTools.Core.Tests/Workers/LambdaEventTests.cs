using GapTools.Workers.Lambda;

namespace GapTools.Core.Tests.Workers;

public sealed class LambdaEventTests
{
    [Fact]
    public void An_sqs_batch_gives_each_record_as_a_message_with_its_receive_count()
    {
        var read = LambdaEvent.Read("""
            {"Records":[
              {"messageId":"m1","receiptHandle":"h1","body":"{}","attributes":{"ApproximateReceiveCount":"3","SentTimestamp":"1767225600000"},"eventSource":"aws:sqs"},
              {"messageId":"m2","receiptHandle":"h2","body":"x","attributes":{},"eventSource":"aws:sqs"}]}
            """);

        Assert.Equal(LambdaEventKind.Sqs, read.Kind);
        Assert.Equal(["m1", "m2"], read.Messages.Select(m => m.MessageId));
        Assert.Equal([3, 1], read.Messages.Select(m => m.ApproximateReceiveCount));
        Assert.Equal("h1", read.Messages[0].ReceiptHandle);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767225600000), read.Messages[0].SentTimestamp);
        Assert.Equal("x", read.Messages[1].Body);
    }

    [Fact]
    public void A_direct_s3_notification_and_an_s3_eventbridge_event_are_s3_events()
    {
        Assert.Equal(LambdaEventKind.S3, LambdaEvent.Read("""{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put"}]}""").Kind);
        Assert.Equal(LambdaEventKind.S3, LambdaEvent.Read("""{"detail-type":"Object Created","source":"aws.s3","detail":{}}""").Kind);
    }

    [Theory]
    [InlineData("""{"detail-type":"EC2 Instance State-change Notification","source":"aws.ec2"}""", "aws.ec2")]
    [InlineData("""{"Records":[{"eventSource":"aws:sqs","messageId":"a"},{"eventSource":"aws:s3"}]}""", "aws:sqs, aws:s3")]
    [InlineData("""{"Records":[{"eventSource":"aws:sqs","body":"no id"}]}""", "no messageId")]
    [InlineData("""{"Records":[]}""", "no Records")]
    [InlineData("""{"hello":"world"}""", "no Records")]
    [InlineData("""[1,2]""", "JSON array")]
    [InlineData("""{"Records":""", "not JSON")]
    public void Anything_else_is_unsupported_with_the_reason(string payload, string reason)
    {
        var read = LambdaEvent.Read(payload);

        Assert.Equal(LambdaEventKind.Unsupported, read.Kind);
        Assert.Contains(reason, read.Problem, StringComparison.Ordinal);
        Assert.Empty(read.Messages);
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace GapTools.LocalAws.Tests.Sqs;

/// <summary>The query protocol (Action=…&amp;Version=2012-11-05, XML answers) as older SDKs and CLIs speak it.</summary>
public sealed class SqsQueryProtocolTests(SqsServerFixture fixture) : IClassFixture<SqsServerFixture>, IDisposable
{
    private static readonly XNamespace Ns = SqsQueryClient.Ns;
    private readonly SqsQueryClient query = new(fixture.Server.ServiceUrl, "test", "test");

    [Fact]
    public async Task Raw_query_round_trip_create_send_receive_delete()
    {
        var (status, created) = await query.PostAsync("/",
            ("Action", "CreateQueue"), ("QueueName", "query-round-trip"),
            ("Attribute.1.Name", "VisibilityTimeout"), ("Attribute.1.Value", "45"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Ns + "CreateQueueResponse", created.Name);
        var queueUrl = created.Element(Ns + "CreateQueueResult")!.Element(Ns + "QueueUrl")!.Value;
        Assert.EndsWith("/000000000000/query-round-trip", queueUrl, StringComparison.Ordinal);
        Assert.NotEmpty(created.Element(Ns + "ResponseMetadata")!.Element(Ns + "RequestId")!.Value);

        var body = "query body & <xml> ✓";
        var (_, sent) = await query.PostAsync("/",
            ("Action", "SendMessage"), ("QueueUrl", queueUrl), ("MessageBody", body),
            ("MessageAttribute.1.Name", "color"), ("MessageAttribute.1.Value.DataType", "String"), ("MessageAttribute.1.Value.StringValue", "blue"));
        var sendResult = sent.Element(Ns + "SendMessageResult")!;
        Assert.Equal(Md5(body), sendResult.Element(Ns + "MD5OfMessageBody")!.Value);
        Assert.NotNull(sendResult.Element(Ns + "MD5OfMessageAttributes"));
        var messageId = sendResult.Element(Ns + "MessageId")!.Value;

        var (_, received) = await query.PostAsync("/",
            ("Action", "ReceiveMessage"), ("QueueUrl", queueUrl), ("MaxNumberOfMessages", "10"),
            ("AttributeName.1", "All"), ("MessageAttributeName.1", "All"));
        var message = Assert.Single(received.Element(Ns + "ReceiveMessageResult")!.Elements(Ns + "Message"));
        Assert.Equal(messageId, message.Element(Ns + "MessageId")!.Value);
        Assert.Equal(body, message.Element(Ns + "Body")!.Value);
        Assert.Equal(Md5(body), message.Element(Ns + "MD5OfBody")!.Value);
        Assert.Equal("1", Attribute(message, "Attribute", "ApproximateReceiveCount")!.Value);
        var color = Attribute(message, "MessageAttribute", "color")!;
        Assert.Equal(("String", "blue"), (color.Element(Ns + "DataType")!.Value, color.Element(Ns + "StringValue")!.Value));
        Assert.Equal(sendResult.Element(Ns + "MD5OfMessageAttributes")!.Value, message.Element(Ns + "MD5OfMessageAttributes")!.Value);

        var (deleteStatus, deleted) = await query.PostAsync("/",
            ("Action", "DeleteMessage"), ("QueueUrl", queueUrl), ("ReceiptHandle", message.Element(Ns + "ReceiptHandle")!.Value));
        Assert.Equal(HttpStatusCode.OK, deleteStatus);
        Assert.Equal(Ns + "DeleteMessageResponse", deleted.Name);
        Assert.Equal(0, fixture.Snapshot(queueUrl).Total);
    }

    [Fact]
    public async Task Query_clients_may_post_to_the_queue_url_and_use_batches()
    {
        await query.PostAsync("/", ("Action", "CreateQueue"), ("QueueName", "query-batch"));

        var (_, sent) = await query.PostAsync("/000000000000/query-batch",
            ("Action", "SendMessageBatch"),
            ("SendMessageBatchRequestEntry.1.Id", "ok"), ("SendMessageBatchRequestEntry.1.MessageBody", "fine"),
            ("SendMessageBatchRequestEntry.2.Id", "late"), ("SendMessageBatchRequestEntry.2.MessageBody", "too late"),
            ("SendMessageBatchRequestEntry.2.DelaySeconds", "901"));

        var result = sent.Element(Ns + "SendMessageBatchResult")!;
        Assert.Equal("ok", Assert.Single(result.Elements(Ns + "SendMessageBatchResultEntry")).Element(Ns + "Id")!.Value);
        var failed = Assert.Single(result.Elements(Ns + "BatchResultErrorEntry"));
        Assert.Equal(("late", "InvalidParameterValue", "true"),
            (failed.Element(Ns + "Id")!.Value, failed.Element(Ns + "Code")!.Value, failed.Element(Ns + "SenderFault")!.Value));

        var (_, attributes) = await query.PostAsync("/000000000000/query-batch",
            ("Action", "GetQueueAttributes"), ("AttributeName.1", "ApproximateNumberOfMessages"), ("AttributeName.2", "QueueArn"));
        var values = attributes.Descendants(Ns + "Attribute").ToDictionary(a => a.Element(Ns + "Name")!.Value, a => a.Element(Ns + "Value")!.Value);
        Assert.Equal("1", values["ApproximateNumberOfMessages"]);
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:query-batch", values["QueueArn"]);
    }

    [Fact]
    public async Task Query_errors_use_the_legacy_codes_and_ErrorResponse_shape()
    {
        var (status, error) = await query.PostAsync("/", ("Action", "GetQueueUrl"), ("QueueName", "query-missing"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ErrorResponse", error.Name.LocalName);
        var detail = error.Element(error.Name.Namespace + "Error")!;
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", detail.Element(error.Name.Namespace + "Code")!.Value);
        Assert.Equal("Sender", detail.Element(error.Name.Namespace + "Type")!.Value);

        var (unknownStatus, unknown) = await query.PostAsync("/", ("Action", "FlyToTheMoon"));
        Assert.Equal(HttpStatusCode.BadRequest, unknownStatus);
        Assert.Equal("InvalidAction", unknown.Descendants().Single(e => e.Name.LocalName == "Code").Value);
    }

    public void Dispose() => query.Dispose();

    private static XElement? Attribute(XElement message, string entry, string name) =>
        message.Elements(Ns + entry).SingleOrDefault(a => a.Element(Ns + "Name")!.Value == name)?.Element(Ns + "Value");

#pragma warning disable CA5351 // SQS's wire checksum is MD5.
    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
}

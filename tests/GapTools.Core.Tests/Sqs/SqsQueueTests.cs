using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using GapTools.Workers.Sqs;
using GapTools.Core.Tests.Fakes;

namespace GapTools.Core.Tests.Sqs;

/// <summary>The adapter through the real SDK client, answered by canned SQS JSON-protocol responses.</summary>
public sealed class SqsQueueTests : IDisposable
{
    private const string QueueUrl = "http://127.0.0.1:1/123456789012/source";
    private readonly Queue<string> _responses = new();
    private readonly StubHttpHandler _stub;
    private readonly AmazonSQSClient _sqs;

    public SqsQueueTests()
    {
        _stub = new StubHttpHandler(_ => StubHttpHandler.Respond(HttpStatusCode.OK, _responses.Count > 0 ? _responses.Dequeue() : "{}"));
        _sqs = new AmazonSQSClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonSQSConfig
            {
                ServiceURL = "http://127.0.0.1:1",
                AuthenticationRegion = "us-east-1",
                MaxErrorRetry = 0,
                HttpClientFactory = new StubHttpClientFactory(_stub),
            });
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _sqs.Dispose();
        _stub.Dispose();
    }

    private static SqsMessage Message(int i) => new($"id-{i}", $"handle-{i}", "body", 1, null, new Dictionary<string, string>());

    private static JsonElement Body(RecordedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    // SQS's own body checksum, which the SDK verifies; not used for security.
#pragma warning disable CA5351
    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    [Fact]
    public async Task Receive_asks_for_receive_count_timestamp_and_all_attributes_and_maps_them()
    {
        _responses.Enqueue($$$"""
            {"Messages":[{
              "MessageId":"m-1","ReceiptHandle":"rh-1","Body":"hello","MD5OfBody":"{{{Md5("hello")}}}",
              "Attributes":{"ApproximateReceiveCount":"3","SentTimestamp":"1700000000123"},
              "MessageAttributes":{"origin":{"DataType":"String","StringValue":"s3"}}
            }]}
            """);
        var queue = new SqsQueue(_sqs, QueueUrl);

        var messages = await queue.ReceiveAsync(7, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(29.5), Ct);

        var message = Assert.Single(messages);
        Assert.Equal(("m-1", "rh-1", "hello", 3), (message.MessageId, message.ReceiptHandle, message.Body, message.ApproximateReceiveCount));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000123), message.SentTimestamp);
        Assert.Equal("s3", message.Attributes["origin"]);

        var request = Assert.Single(_stub.Requests);
        Assert.Equal("AmazonSQS.ReceiveMessage", request.Headers["x-amz-target"]);
        var body = Body(request);
        Assert.Equal(QueueUrl, body.GetProperty("QueueUrl").GetString());
        Assert.Equal(7, body.GetProperty("MaxNumberOfMessages").GetInt32());
        Assert.Equal(20, body.GetProperty("WaitTimeSeconds").GetInt32());
        Assert.Equal(30, body.GetProperty("VisibilityTimeout").GetInt32());
        Assert.Equal(["ApproximateReceiveCount", "SentTimestamp"], body.GetProperty("MessageSystemAttributeNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["All"], body.GetProperty("MessageAttributeNames").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Receive_without_messages_returns_an_empty_list()
    {
        _responses.Enqueue("{}");

        var messages = await new SqsQueue(_sqs, QueueUrl).ReceiveAsync(10, TimeSpan.Zero, TimeSpan.FromSeconds(30), Ct);

        Assert.Empty(messages);
    }

    [Fact]
    public async Task Delete_batch_is_chunked_by_ten_and_failures_map_back_to_messages()
    {
        var messages = Enumerable.Range(0, 23).Select(Message).ToList();
        _responses.Enqueue("""{"Successful":[]}""");
        _responses.Enqueue("""{"Failed":[{"Id":"2","Code":"ReceiptHandleIsInvalid","SenderFault":true,"Message":"expired"}],"Successful":[]}""");
        _responses.Enqueue("""{"Failed":[{"Id":"0","Code":"InternalError","SenderFault":false}]}""");

        var failures = await new SqsQueue(_sqs, QueueUrl).DeleteBatchAsync(messages, Ct);

        Assert.Equal([10, 10, 3], _stub.Requests.Select(r => Body(r).GetProperty("Entries").GetArrayLength()));
        Assert.Equal(
            [new SqsBatchFailure(messages[12], "ReceiptHandleIsInvalid", true, "expired"), new SqsBatchFailure(messages[20], "InternalError", false, null)],
            failures);
        var firstEntry = Body(_stub.Requests.First()).GetProperty("Entries")[0];
        Assert.Equal(("0", "handle-0"), (firstEntry.GetProperty("Id").GetString(), firstEntry.GetProperty("ReceiptHandle").GetString()));
    }

    [Fact]
    public async Task Change_visibility_batch_sends_whole_seconds()
    {
        await new SqsQueue(_sqs, QueueUrl).ChangeVisibilityBatchAsync([Message(0), Message(1)], TimeSpan.FromMilliseconds(1500), Ct);

        var request = Assert.Single(_stub.Requests);
        Assert.Equal("AmazonSQS.ChangeMessageVisibilityBatch", request.Headers["x-amz-target"]);
        Assert.All(Body(request).GetProperty("Entries").EnumerateArray(), e => Assert.Equal(2, e.GetProperty("VisibilityTimeout").GetInt32()));
    }

    [Fact]
    public async Task Send_uses_string_message_attributes()
    {
        _responses.Enqueue($$"""{"MessageId":"m-9","MD5OfMessageBody":"{{Md5("payload")}}"}""");

        await new SqsQueue(_sqs, QueueUrl).SendAsync("payload", new Dictionary<string, string> { ["reason"] = "bad" }, Ct);

        var body = Body(Assert.Single(_stub.Requests));
        Assert.Equal("payload", body.GetProperty("MessageBody").GetString());
        var attribute = body.GetProperty("MessageAttributes").GetProperty("reason");
        Assert.Equal(("String", "bad"), (attribute.GetProperty("DataType").GetString(), attribute.GetProperty("StringValue").GetString()));
    }

    [Fact]
    public async Task Create_resolves_a_name_but_not_a_url()
    {
        _responses.Enqueue($$"""{"QueueUrl":"{{QueueUrl}}"}""");

        var byName = await SqsQueue.CreateAsync(_sqs, "source", Ct);
        var byUrl = await SqsQueue.CreateAsync(_sqs, "https://sqs.eu-west-1.amazonaws.com/1/other", Ct);

        Assert.Equal(QueueUrl, byName.QueueUrl);
        Assert.Equal("https://sqs.eu-west-1.amazonaws.com/1/other", byUrl.QueueUrl);
        var request = Assert.Single(_stub.Requests);
        Assert.Equal("AmazonSQS.GetQueueUrl", request.Headers["x-amz-target"]);
        Assert.Equal("source", Body(request).GetProperty("QueueName").GetString());
    }
}

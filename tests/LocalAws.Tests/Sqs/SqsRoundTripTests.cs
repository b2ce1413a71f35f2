using Amazon.SQS;
using Amazon.SQS.Model;
using GapTools.LocalAws.Sqs;

namespace GapTools.LocalAws.Tests.Sqs;

/// <summary>Send/receive/delete through the real AWS SDK for .NET v4 (JSON protocol), which verifies every MD5.</summary>
public sealed class SqsRoundTripTests(SqsServerFixture fixture) : IClassFixture<SqsServerFixture>
{
    private readonly AmazonSQSClient sqs = fixture.Client;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_receive_delete_round_trip()
    {
        var queueUrl = await fixture.NewQueueAsync("round-trip");

        var sent = await sqs.SendMessageAsync(queueUrl, "hello, queue", Ct);
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10 }, Ct);

        var message = Assert.Single(received.Messages);
        Assert.Equal(sent.MessageId, message.MessageId);
        Assert.Equal("hello, queue", message.Body);
        Assert.Equal(new SqsQueueSnapshot(0, 1, 0), fixture.Snapshot(queueUrl));

        await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, Ct);

        Assert.Equal(new SqsQueueSnapshot(0, 0, 0), fixture.Snapshot(queueUrl));
        var empty = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl }, Ct);
        Assert.Null(empty.Messages);
    }

    [Fact]
    public async Task Message_attributes_round_trip_and_the_sdk_accepts_every_md5()
    {
        var queueUrl = await fixture.NewQueueAsync("attributes");
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["Text"] = new() { DataType = "String", StringValue = "ünïcödé ✓" },
            ["Count"] = new() { DataType = "Number", StringValue = "42" },
            ["Blob"] = new() { DataType = "Binary", BinaryValue = new MemoryStream([0, 1, 2, 254, 255]) },
            ["Custom"] = new() { DataType = "String.json", StringValue = "{\"a\":1}" },
            ["trace.id"] = new() { DataType = "String", StringValue = "abc" },
        };

        // The SDK compares MD5OfMessageBody / MD5OfMessageAttributes / MD5OfMessageSystemAttributes with its own and throws on a mismatch.
        var sent = await sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = "body with attributes",
            MessageAttributes = attributes,
            MessageSystemAttributes = new() { ["AWSTraceHeader"] = new() { DataType = "String", StringValue = "Root=1-5759e988-bd862e3fe1be46a994272793" } },
        }, Ct);
        Assert.NotNull(sent.MD5OfMessageAttributes);
        Assert.NotNull(sent.MD5OfMessageSystemAttributes);

        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
            VisibilityTimeout = 0,
        }, Ct);

        var message = Assert.Single(received.Messages);
        Assert.Equal(sent.MD5OfMessageAttributes, message.MD5OfMessageAttributes);
        Assert.Equal("ünïcödé ✓", message.MessageAttributes["Text"].StringValue);
        Assert.Equal("42", message.MessageAttributes["Count"].StringValue);
        Assert.Equal("Number", message.MessageAttributes["Count"].DataType);
        Assert.Equal(new byte[] { 0, 1, 2, 254, 255 }, message.MessageAttributes["Blob"].BinaryValue.ToArray());
        Assert.Equal("String.json", message.MessageAttributes["Custom"].DataType);
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793", message.Attributes["AWSTraceHeader"]);
        Assert.Equal("1", message.Attributes["ApproximateReceiveCount"]);
        Assert.True(long.Parse(message.Attributes["SentTimestamp"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("test", message.Attributes["SenderId"]);

        // A filtered receive returns a subset, and the MD5 covers exactly that subset (the SDK checks it).
        var filtered = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MessageAttributeNames = ["Count", "trace.*"],
        }, Ct);
        var subset = Assert.Single(filtered.Messages);
        Assert.Equal(["Count", "trace.id"], subset.MessageAttributes.Keys.Order(StringComparer.Ordinal));
        Assert.NotEqual(sent.MD5OfMessageAttributes, subset.MD5OfMessageAttributes);
        Assert.Null(subset.Attributes);
    }

    [Fact]
    public async Task Send_batch_reports_each_entry_and_a_bad_entry_fails_alone()
    {
        var queueUrl = await fixture.NewQueueAsync("send-batch");

        var response = await sqs.SendMessageBatchAsync(queueUrl,
        [
            new SendMessageBatchRequestEntry("a", "first") { MessageAttributes = new() { ["k"] = new() { DataType = "String", StringValue = "v" } } },
            new SendMessageBatchRequestEntry("b", "second") { DelaySeconds = 901 },
            new SendMessageBatchRequestEntry("c", "third\u0000"),
            new SendMessageBatchRequestEntry("d", "fourth"),
        ], Ct);

        Assert.Equal(["a", "d"], response.Successful.Select(s => s.Id).Order());
        Assert.All(response.Successful, s => Assert.NotNull(s.MD5OfMessageBody));
        Assert.NotNull(response.Successful.Single(s => s.Id == "a").MD5OfMessageAttributes);
        var failed = response.Failed.ToDictionary(f => f.Id);
        Assert.Equal(["b", "c"], failed.Keys.Order());
        Assert.Equal("InvalidParameterValue", failed["b"].Code);
        Assert.Equal("InvalidMessageContents", failed["c"].Code);
        Assert.True(failed["b"].SenderFault);
        Assert.Equal(2, fixture.Snapshot(queueUrl).Visible);
    }

    [Fact]
    public async Task Delete_batch_reports_a_malformed_handle_and_deletes_the_rest()
    {
        var queueUrl = await fixture.NewQueueAsync("delete-batch");
        await sqs.SendMessageBatchAsync(queueUrl, [new("1", "one"), new("2", "two")], Ct);
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10 }, Ct);
        Assert.Equal(2, received.Messages.Count);

        var response = await sqs.DeleteMessageBatchAsync(queueUrl,
        [
            new DeleteMessageBatchRequestEntry("x", received.Messages[0].ReceiptHandle),
            new DeleteMessageBatchRequestEntry("y", "not-a-receipt-handle"),
            new DeleteMessageBatchRequestEntry("z", received.Messages[1].ReceiptHandle),
        ], Ct);

        Assert.Equal(["x", "z"], response.Successful.Select(s => s.Id).Order());
        var failure = Assert.Single(response.Failed);
        Assert.Equal(("y", "ReceiptHandleIsInvalid", true), (failure.Id, failure.Code, failure.SenderFault!.Value));
        Assert.Equal(0, fixture.Snapshot(queueUrl).Total);
    }

    [Fact]
    public async Task Batches_reject_too_many_duplicate_or_malformed_ids_as_a_whole()
    {
        var queueUrl = await fixture.NewQueueAsync("batch-rules");

        await Assert.ThrowsAsync<TooManyEntriesInBatchRequestException>(() => sqs.SendMessageBatchAsync(
            queueUrl, Enumerable.Range(0, 11).Select(i => new SendMessageBatchRequestEntry($"m{i}", "x")).ToList(), Ct));
        await Assert.ThrowsAsync<BatchEntryIdsNotDistinctException>(() => sqs.SendMessageBatchAsync(queueUrl, [new("same", "1"), new("same", "2")], Ct));
        await Assert.ThrowsAsync<InvalidBatchEntryIdException>(() => sqs.DeleteMessageBatchAsync(queueUrl, [new("bad id!", "h")], Ct));
        await Assert.ThrowsAsync<EmptyBatchRequestException>(() => sqs.ChangeMessageVisibilityBatchAsync(queueUrl, [], Ct));
        Assert.Equal(0, fixture.Snapshot(queueUrl).Total);
    }

    [Fact]
    public async Task Unknown_queue_is_QueueDoesNotExist_with_the_legacy_error_code()
    {
        var error = await Assert.ThrowsAsync<QueueDoesNotExistException>(() => sqs.GetQueueUrlAsync("no-such-queue", Ct));

        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => sqs.SendMessageAsync(fixture.Server.SqsQueueUrl("no-such-queue"), "x", Ct));
    }

    [Fact]
    public async Task CreateQueue_is_idempotent_for_equal_attributes_and_refuses_different_ones()
    {
        var attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = "45", ["DelaySeconds"] = "0" };
        var first = await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = "idempotent", Attributes = attributes }, Ct);
        var again = await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = "idempotent", Attributes = attributes }, Ct);

        Assert.Equal(first.QueueUrl, again.QueueUrl);
        Assert.Equal($"{fixture.Server.ServiceUrl.ToString().TrimEnd('/')}/000000000000/idempotent", first.QueueUrl);
        var error = await Assert.ThrowsAsync<QueueNameExistsException>(() => sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = "idempotent",
            Attributes = new() { ["VisibilityTimeout"] = "46" },
        }, Ct));
        Assert.Equal("QueueAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task Fifo_queues_are_refused_with_a_clear_message()
    {
        var byName = await Assert.ThrowsAsync<AmazonSQSException>(() => sqs.CreateQueueAsync("orders.fifo", Ct));
        var byAttribute = await Assert.ThrowsAsync<AmazonSQSException>(() => sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = "orders",
            Attributes = new() { ["FifoQueue"] = "true" },
        }, Ct));

        Assert.All([byName, byAttribute], e =>
        {
            Assert.Equal("InvalidParameterValue", e.ErrorCode);
            Assert.Contains("does not emulate SQS FIFO", e.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Invalid_attributes_and_parameters_get_AWS_error_codes()
    {
        var badValue = await Assert.ThrowsAsync<InvalidAttributeValueException>(() => sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = "bad-attribute",
            Attributes = new() { ["VisibilityTimeout"] = "43201" },
        }, Ct));
        Assert.Equal("InvalidAttributeValue", badValue.ErrorCode);

        var unknown = await Assert.ThrowsAsync<InvalidAttributeNameException>(() => sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = "bad-attribute",
            Attributes = new() { ["Colour"] = "blue" },
        }, Ct));
        Assert.Equal("InvalidAttributeName", unknown.ErrorCode);

        var queueUrl = await fixture.NewQueueAsync("bad-receive");
        var tooMany = await Assert.ThrowsAsync<AmazonSQSException>(() => sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 11 }, Ct));
        Assert.Equal("InvalidParameterValue", tooMany.ErrorCode);
        var tooLong = await Assert.ThrowsAsync<AmazonSQSException>(() => sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 21 }, Ct));
        Assert.Equal("InvalidParameterValue", tooLong.ErrorCode);
    }

    [Fact]
    public async Task ListQueues_filters_by_prefix()
    {
        await sqs.CreateQueueAsync("listing-alpha", Ct);
        await sqs.CreateQueueAsync("listing-beta", Ct);
        await sqs.CreateQueueAsync("other-listing", Ct);

        var listed = await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = "listing-" }, Ct);
        var paged = await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = "listing-", MaxResults = 1 }, Ct);
        var next = await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = "listing-", MaxResults = 1, NextToken = paged.NextToken }, Ct);

        Assert.Equal(["listing-alpha", "listing-beta"], listed.QueueUrls.Select(u => u.Split('/')[^1]));
        Assert.Equal("listing-alpha", Assert.Single(paged.QueueUrls).Split('/')[^1]);
        Assert.Equal("listing-beta", Assert.Single(next.QueueUrls).Split('/')[^1]);
        Assert.Null(next.NextToken);
    }

    [Fact]
    public async Task GetQueueAttributes_reports_settings_counts_and_arn()
    {
        var queueUrl = await fixture.NewQueueAsync("attrs", new() { ["VisibilityTimeout"] = "60", ["MessageRetentionPeriod"] = "3600" });
        await sqs.SendMessageAsync(queueUrl, "visible", Ct);
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = "delayed", DelaySeconds = 600 }, Ct);
        await sqs.SendMessageAsync(queueUrl, "in flight", Ct);
        await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl }, Ct);

        var all = await sqs.GetQueueAttributesAsync(queueUrl, ["All"], Ct);
        var named = await sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn", "VisibilityTimeout"], Ct);

        var name = queueUrl.Split('/')[^1];
        Assert.Equal("1", all.Attributes["ApproximateNumberOfMessages"]);
        Assert.Equal("1", all.Attributes["ApproximateNumberOfMessagesNotVisible"]);
        Assert.Equal("1", all.Attributes["ApproximateNumberOfMessagesDelayed"]);
        Assert.Equal("60", all.Attributes["VisibilityTimeout"]);
        Assert.Equal("3600", all.Attributes["MessageRetentionPeriod"]);
        Assert.Equal($"arn:aws:sqs:us-east-1:000000000000:{name}", all.Attributes["QueueArn"]);
        Assert.Equal(1, all.ApproximateNumberOfMessages);
        Assert.Equal(["QueueArn", "VisibilityTimeout"], named.Attributes.Keys.Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<InvalidAttributeNameException>(() => sqs.GetQueueAttributesAsync(queueUrl, ["Colour"], Ct));
    }

    [Fact]
    public async Task SetQueueAttributes_changes_the_queue()
    {
        var queueUrl = await fixture.NewQueueAsync("set-attrs");

        await sqs.SetQueueAttributesAsync(queueUrl, new() { ["VisibilityTimeout"] = "120", ["DelaySeconds"] = "5" }, Ct);
        await sqs.SendMessageAsync(queueUrl, "delayed by the queue", Ct);

        var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["VisibilityTimeout", "DelaySeconds"], Ct);
        Assert.Equal(("120", "5"), (attributes.Attributes["VisibilityTimeout"], attributes.Attributes["DelaySeconds"]));
        Assert.Equal(1, fixture.Snapshot(queueUrl).Delayed);
    }

    [Fact]
    public async Task PurgeQueue_and_DeleteQueue()
    {
        var queueUrl = await fixture.NewQueueAsync("purge");
        await sqs.SendMessageBatchAsync(queueUrl, [new("1", "a"), new("2", "b")], Ct);

        await sqs.PurgeQueueAsync(queueUrl, Ct);
        Assert.Equal(0, fixture.Snapshot(queueUrl).Total);

        await sqs.DeleteQueueAsync(queueUrl, Ct);
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => sqs.GetQueueUrlAsync(queueUrl.Split('/')[^1], Ct));
    }

    [Fact]
    public async Task In_process_Send_is_received_by_sdk_clients_with_valid_attributes()
    {
        var queueUrl = await fixture.NewQueueAsync("in-process");
        var store = fixture.Server.State.Sqs;
        var name = queueUrl.Split('/')[^1];

        var byArn = store.Send(store.QueueArn(name), "from S3", new Dictionary<string, string> { ["source"] = "s3" });
        var byUrl = store.Send(queueUrl.Replace("127.0.0.1", "sqs.us-east-1.amazonaws.com", StringComparison.Ordinal), "by url");
        Assert.Equal(new(2, 0, 0), store.Snapshot(name));

        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, MessageAttributeNames = ["All"] }, Ct);

        Assert.Equal(new[] { byArn, byUrl }.Order(), received.Messages.Select(m => m.MessageId).Order());
        Assert.Equal("s3", received.Messages.Single(m => m.MessageId == byArn).MessageAttributes["source"].StringValue);
        Assert.Throws<SqsException>(() => store.Send("missing-queue", "x"));
        Assert.Equal(new(0, 2, 0), store.Snapshot(queueUrl));
    }
}

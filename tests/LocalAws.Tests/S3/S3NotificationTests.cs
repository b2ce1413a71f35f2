using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.S3;
using Amazon.S3.Model;
using GapTools.LocalAws.S3;

namespace GapTools.LocalAws.Tests.S3;

/// <summary>
/// Bucket notifications configured through the real PutBucketNotificationConfiguration API, delivered to a capturing
/// sink, and compared as whole strings against AWS's layouts (field order, key encoding, number and time formats).
/// </summary>
public sealed partial class S3NotificationTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>
{
    private const string Account = "000000000000";
    private const string Key = "my file+1 é.json";
    private const string EncodedKey = "my+file%2B1+%C3%A9.json";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string QueueArn(string name) => $"arn:aws:sqs:us-east-1:{Account}:{name}";

    private string Now => fixture.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private async Task<AmazonS3Client> BucketAsync(string bucket)
    {
        var client = fixture.Client();
        await client.PutBucketAsync(bucket, Ct);
        return client;
    }

    private static PutObjectRequest Put(string bucket, string key, string body = "{}\n") =>
        new() { BucketName = bucket, Key = key, ContentBody = body };

    [Fact]
    public async Task Configuration_sends_a_test_event_and_reads_back()
    {
        using var client = await BucketAsync("n-config");

        var put = await client.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = "n-config",
            QueueConfigurations =
            [
                new QueueConfiguration
                {
                    Id = "loads",
                    Queue = QueueArn("config-q"),
                    Events = [EventType.ObjectCreatedAll],
                    Filter = new Filter { S3KeyFilter = new S3KeyFilter { FilterRules = [new FilterRule("prefix", "in/"), new FilterRule("suffix", ".json")] } },
                },
            ],
        }, Ct);
        var read = await client.GetBucketNotificationAsync("n-config", Ct);

        var test = Assert.Single(fixture.To(QueueArn("config-q")));
        Assert.Equal(
            $$"""{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"{{Now}}","Bucket":"n-config","RequestId":"{{put.ResponseMetadata.RequestId}}","HostId":"{{Field(test, "HostId")}}"}""",
            test);
        var queue = Assert.Single(read.QueueConfigurations);
        Assert.Equal("loads", queue.Id);
        Assert.Equal(QueueArn("config-q"), queue.Queue);
        Assert.Equal([EventType.ObjectCreatedAll], queue.Events);
        Assert.Equal([("Prefix", "in/"), ("Suffix", ".json")], queue.Filter.S3KeyFilter.FilterRules.Select(r => (r.Name, r.Value)));
        Assert.Null(read.TopicConfigurations);
        Assert.Null(read.EventBridgeConfiguration);
    }

    [Fact]
    public async Task Direct_notification_has_the_aws_layout_with_a_form_encoded_key()
    {
        using var client = await BucketAsync("n-direct");
        await client.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = "n-direct",
            QueueConfigurations = [new QueueConfiguration { Id = "direct-cfg", Queue = QueueArn("direct-q"), Events = [EventType.ObjectCreatedPut] }],
        }, Ct);

        var put = await client.PutObjectAsync(Put("n-direct", Key), Ct);

        var messages = fixture.To(QueueArn("direct-q"));
        Assert.Equal(2, messages.Count);
        Assert.Contains("s3:TestEvent", messages[0], StringComparison.Ordinal);
        Assert.Equal(ExpectedRecord("n-direct", "direct-cfg", "ObjectCreated:Put", put.ResponseMetadata.RequestId, messages[1]), messages[1]);
    }

    [Fact]
    public async Task Topic_destination_is_delivered_sns_wrapped_to_the_queue_named_like_the_topic()
    {
        using var client = await BucketAsync("n-sns");
        const string topic = $"arn:aws:sns:us-east-1:{Account}:sns-topic";
        await client.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = "n-sns",
            TopicConfigurations = [new TopicConfiguration { Id = "via-sns", Topic = topic, Events = [EventType.ObjectCreatedAll] }],
        }, Ct);

        var put = await client.PutObjectAsync(Put("n-sns", Key), Ct);

        var messages = fixture.To(QueueArn("sns-topic"));
        Assert.Equal(2, messages.Count);
        Assert.Contains("s3:TestEvent", Field(messages[0], "Message"), StringComparison.Ordinal);
        var envelope = messages[1];
        var inner = Field(envelope, "Message");
        var messageId = Field(envelope, "MessageId");
        Assert.Equal(ExpectedRecord("n-sns", "via-sns", "ObjectCreated:Put", put.ResponseMetadata.RequestId, inner), inner);
        Assert.Equal(
            "{\n" +
            "  \"Type\" : \"Notification\",\n" +
            $"  \"MessageId\" : \"{messageId}\",\n" +
            $"  \"TopicArn\" : \"{topic}\",\n" +
            "  \"Subject\" : \"Amazon S3 Notification\",\n" +
            $"  \"Message\" : \"{inner.Replace("\"", "\\\"", StringComparison.Ordinal)}\",\n" +
            $"  \"Timestamp\" : \"{Now}\",\n" +
            "  \"SignatureVersion\" : \"1\",\n" +
            $"  \"Signature\" : \"{Field(envelope, "Signature")}\",\n" +
            "  \"SigningCertURL\" : \"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-00000000000000000000000000000000.pem\",\n" +
            $"  \"UnsubscribeURL\" : \"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={topic}:{messageId}\"\n" +
            "}",
            envelope);
        Assert.Matches(Guid(), messageId);
    }

    [Fact]
    public async Task EventBridge_event_carries_the_raw_key()
    {
        using var client = await BucketAsync("n-eventbridge");
        fixture.Server.State.S3.SetEventBridgeTarget("eb-queue");
        await client.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = "n-eventbridge",
            EventBridgeConfiguration = new EventBridgeConfiguration(),
        }, Ct);
        var read = await client.GetBucketNotificationAsync("n-eventbridge", Ct);

        var put = await client.PutObjectAsync(Put("n-eventbridge", Key), Ct);

        var message = Assert.Single(fixture.To("eb-queue"));
        var seconds = fixture.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var id = Field(message, "id");
        var sequencer = Nested(message, "detail", "object", "sequencer");
        Assert.Equal(
            Fill("""{"version":"0","id":"<ID>","detail-type":"Object Created","source":"aws.s3","account":"<ACCOUNT>","time":"<TIME>","region":"us-east-1","resources":["arn:aws:s3:::n-eventbridge"],"detail":{"version":"0","bucket":{"name":"n-eventbridge"},"object":{"key":"<KEY>","size":3,"etag":"<ETAG>","sequencer":"<SEQ>"},"request-id":"<RID>","requester":"<ACCOUNT>","source-ip-address":"127.0.0.1","reason":"PutObject"}}""",
                ("<ID>", id), ("<ACCOUNT>", Account), ("<TIME>", seconds), ("<KEY>", Key), ("<ETAG>", put.ETag.Trim('"')),
                ("<SEQ>", sequencer), ("<RID>", put.ResponseMetadata.RequestId)),
            message);
        Assert.Matches(Guid(), id);
        Assert.NotNull(read.EventBridgeConfiguration);
    }

    [Fact]
    public async Task Prefix_and_suffix_filters_select_the_keys_notified()
    {
        using var client = await BucketAsync("n-filter");
        await client.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = "n-filter",
            QueueConfigurations =
            [
                new QueueConfiguration
                {
                    Queue = QueueArn("filter-q"),
                    Events = [EventType.ObjectCreatedAll],
                    Filter = new Filter { S3KeyFilter = new S3KeyFilter { FilterRules = [new FilterRule("prefix", "in/"), new FilterRule("suffix", ".json")] } },
                },
            ],
        }, Ct);

        foreach (var key in new[] { "in/a.json", "in/a.csv", "out/a.json", "in/deeper/b c.json", "in.json" })
        {
            await client.PutObjectAsync(Put("n-filter", key), Ct);
        }

        var keys = fixture.To(QueueArn("filter-q")).Skip(1).Select(m => Nested(m, "Records", "0", "s3", "object", "key"));
        Assert.Equal(["in/a.json", "in/deeper/b+c.json"], keys);
    }

    [Fact]
    public async Task Copy_delete_and_multipart_events_are_named_like_aws_with_increasing_sequencers()
    {
        using var client = await BucketAsync("n-kinds");
        await client.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = "n-kinds",
            QueueConfigurations = [new QueueConfiguration { Id = "all", Queue = QueueArn("kinds-q"), Events = [EventType.ObjectCreatedAll, EventType.ObjectRemovedAll] }],
        }, Ct);

        await client.PutObjectAsync(Put("n-kinds", "k"), Ct);
        await client.PutObjectAsync(Put("n-kinds", "k", "second"), Ct);
        await client.CopyObjectAsync("n-kinds", "k", "n-kinds", "k2", Ct);
        var delete = await client.DeleteObjectAsync("n-kinds", "k", Ct);
        await client.DeleteObjectAsync("n-kinds", "never-existed", Ct);

        var records = fixture.To(QueueArn("kinds-q")).Skip(1).ToList();
        Assert.Equal(["ObjectCreated:Put", "ObjectCreated:Put", "ObjectCreated:Copy", "ObjectRemoved:Delete"],
            records.Select(r => Nested(r, "Records", "0", "eventName")));
        var sequencers = records.Select(r => Nested(r, "Records", "0", "s3", "object", "sequencer")).ToList();
        Assert.All(sequencers, s => Assert.Matches("^[0-9A-F]{18}$", s));
        Assert.Equal(sequencers.Order(StringComparer.Ordinal), sequencers);
        Assert.Equal(sequencers.Count, sequencers.Distinct().Count());
        Assert.Equal(
            $$"""{"key":"k","sequencer":"{{sequencers[3]}}"}""",
            JsonDocument.Parse(records[3]).RootElement.GetProperty("Records")[0].GetProperty("s3").GetProperty("object").GetRawText());
        Assert.Equal(delete.ResponseMetadata.RequestId, Nested(records[3], "Records", "0", "responseElements", "x-amz-request-id"));
    }

    [Fact]
    public async Task Overlapping_configurations_are_refused_like_aws()
    {
        using var client = await BucketAsync("n-overlap");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = "n-overlap",
            QueueConfigurations =
            [
                new QueueConfiguration { Queue = QueueArn("o1"), Events = [EventType.ObjectCreatedAll] },
                new QueueConfiguration { Queue = QueueArn("o2"), Events = [EventType.ObjectCreatedPut], Filter = new Filter { S3KeyFilter = new S3KeyFilter { FilterRules = [new FilterRule("prefix", "x/")] } } },
            ],
        }, Ct));

        Assert.Equal("InvalidArgument", error.ErrorCode);
        Assert.Contains("overlap", error.Message, StringComparison.Ordinal);
        Assert.Empty(fixture.To(QueueArn("o1")));
    }

    [Fact]
    public async Task An_unreachable_destination_fails_the_configuration()
    {
        await using var server = await LocalAwsServer.StartAsync(cancellationToken: Ct);
        server.State.S3.NotificationSink = (queue, _) => throw new InvalidOperationException($"no queue {queue}");
        using var client = server.CreateS3Client();
        await client.PutBucketAsync("n-unreachable", Ct);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = "n-unreachable",
            QueueConfigurations = [new QueueConfiguration { Queue = QueueArn("missing"), Events = [EventType.ObjectCreatedAll] }],
        }, Ct));
        var read = await client.GetBucketNotificationAsync("n-unreachable", Ct);

        Assert.Equal("InvalidArgument", error.ErrorCode);
        Assert.Equal("Unable to validate the following destination configurations", error.Message);
        Assert.Null(read.QueueConfigurations);
    }

    /// <summary>The exact S3 notification for one PutObject of <see cref="Key"/> with the 3-byte body.</summary>
    private string ExpectedRecord(string bucket, string configurationId, string eventName, string requestId, string actual) =>
        Fill("""{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"<TIME>","eventName":"<EVENT>","userIdentity":{"principalId":"AWS:test"},"requestParameters":{"sourceIPAddress":"127.0.0.1"},"responseElements":{"x-amz-request-id":"<RID>","x-amz-id-2":"<HID>"},"s3":{"s3SchemaVersion":"1.0","configurationId":"<CFG>","bucket":{"name":"<BUCKET>","ownerIdentity":{"principalId":"<OWNER>"},"arn":"arn:aws:s3:::<BUCKET>"},"object":{"key":"<KEY>","size":3,"eTag":"<ETAG>","sequencer":"<SEQ>"}}}]}""",
            ("<TIME>", Now), ("<EVENT>", eventName), ("<RID>", requestId), ("<HID>", Nested(actual, "Records", "0", "responseElements", "x-amz-id-2")),
            ("<CFG>", configurationId), ("<BUCKET>", bucket), ("<OWNER>", S3Store.OwnerId("test")), ("<KEY>", EncodedKey),
            ("<ETAG>", S3ObjectTests.Md5ETag("{}\n"u8.ToArray()).Trim('"')), ("<SEQ>", Nested(actual, "Records", "0", "s3", "object", "sequencer")));

    private static string Fill(string template, params (string Token, string Value)[] values) =>
        values.Aggregate(template, (text, v) => text.Replace(v.Token, v.Value, StringComparison.Ordinal));

    private static string Field(string json, string name) => JsonDocument.Parse(json).RootElement.GetProperty(name).GetString()!;

    private static string Nested(string json, params string[] path)
    {
        var element = JsonDocument.Parse(json).RootElement;
        foreach (var step in path)
        {
            element = element.ValueKind == JsonValueKind.Array ? element[int.Parse(step, CultureInfo.InvariantCulture)] : element.GetProperty(step);
        }

        return element.GetString()!;
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Guid();
}

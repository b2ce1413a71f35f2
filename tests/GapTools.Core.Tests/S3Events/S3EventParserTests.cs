using GapTools.Core.S3Events;
using static GapTools.Core.Tests.S3Events.S3EventSamples;

namespace GapTools.Core.Tests.S3Events;

public class S3EventParserTests
{
    [Fact]
    public void S3_notification_yields_a_typed_created_event()
    {
        var batch = S3EventParser.Parse(Notification(Record(eTag: "\"d41d8cd98f00b204e9800998ecf8427e\"")));

        var created = Assert.Single(batch.Created);
        Assert.Equal(
            new S3ObjectRef("example-bucket", "HappyFace.jpg", 1024, "d41d8cd98f00b204e9800998ecf8427e",
                "096fKKXTRTtl3on89fVO.nfljtsv6qko", "0055AED6DCD90281E5"),
            created.Object);
        Assert.Equal("ObjectCreated:Put", created.EventName);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 17, 2, 31, 123, TimeSpan.Zero), created.EventTime);
        Assert.Equal(S3EventSource.S3Notification, created.Source);
        Assert.Equal("us-west-2", created.Region);
        Assert.Empty(batch.Ignored);
        Assert.Empty(batch.Rejected);
        Assert.True(batch.IsFullyUnderstood);
    }

    [Theory]
    [InlineData("logs/2024/my+file.csv", "logs/2024/my file.csv")]
    [InlineData("a%2Bb.csv", "a+b.csv")]
    [InlineData("%E3%83%87%E3%83%BC%E3%82%BF/r%C3%A9sum%C3%A9.json", "データ/résumé.json")]
    [InlineData("o%27brien+%26+co.csv", "o'brien & co.csv")]
    public void S3_notification_keys_are_decoded(string encoded, string expected)
    {
        var batch = S3EventParser.Parse(Notification(Record(key: encoded)));

        Assert.Equal(expected, Assert.Single(batch.Created).Object.Key);
    }

    [Fact]
    public void Unversioned_object_has_no_version_id()
    {
        var batch = S3EventParser.Parse(Notification(Record(versionId: null)));

        Assert.Null(Assert.Single(batch.Created).Object.VersionId);
    }

    [Fact]
    public void Multi_record_message_keeps_order_and_separates_removals()
    {
        var batch = S3EventParser.Parse(Notification(
            Record(key: "one.csv"),
            Record(eventName: "ObjectRemoved:Delete", key: "gone+now.csv"),
            Record(eventName: "ObjectCreated:CompleteMultipartUpload", key: "two.csv"),
            Record(eventName: "ObjectRestore:Completed", key: "cold.csv")));

        Assert.Equal(["one.csv", "two.csv"], batch.Created.Select(c => c.Object.Key));
        Assert.Equal(["ObjectRemoved:Delete", "ObjectRestore:Completed"], batch.Ignored.Select(i => i.EventName));
        Assert.Equal("gone now.csv", batch.Ignored[0].Object?.Key);
        Assert.Contains("not an object creation", batch.Ignored[0].Reason, StringComparison.Ordinal);
        Assert.Empty(batch.Rejected);
    }

    [Fact]
    public void Sns_envelope_is_unwrapped()
    {
        var batch = S3EventParser.Parse(Sns(Notification(Record(key: "via+sns.csv"), Record(key: "second.csv"))));

        Assert.Equal(["via sns.csv", "second.csv"], batch.Created.Select(c => c.Object.Key));
        Assert.All(batch.Created, c => Assert.Equal(S3EventSource.Sns, c.Source));
    }

    [Fact]
    public void Sns_raw_delivery_body_is_a_plain_notification()
    {
        var batch = S3EventParser.Parse(Notification(Record()));

        Assert.Equal(S3EventSource.S3Notification, Assert.Single(batch.Created).Source);
    }

    [Fact]
    public void Sns_wrapped_test_event_is_ignored()
    {
        var batch = S3EventParser.Parse(Sns(TestEvent));

        Assert.Equal("s3:TestEvent", Assert.Single(batch.Ignored).EventName);
        Assert.Empty(batch.Created);
        Assert.Empty(batch.Rejected);
    }

    [Fact]
    public void Sns_wrapped_eventbridge_event_is_read()
    {
        var batch = S3EventParser.Parse(Sns(EventBridge(key: "raw key+plus.csv")));

        var created = Assert.Single(batch.Created);
        Assert.Equal("raw key+plus.csv", created.Object.Key);
        Assert.Equal(S3EventSource.Sns, created.Source);
    }

    [Fact]
    public void Sns_subscription_confirmation_is_ignored()
    {
        var batch = S3EventParser.Parse(
            """{"Type":"SubscriptionConfirmation","MessageId":"m","Token":"t","TopicArn":"arn:aws:sns:us-east-1:1:t","Message":"You have chosen to subscribe"}""");

        Assert.Equal("SNS SubscriptionConfirmation", Assert.Single(batch.Ignored).EventName);
    }

    [Fact]
    public void EventBridge_object_created_is_read_without_decoding_the_key()
    {
        var batch = S3EventParser.Parse(EventBridge(key: "folder/100%+sure it's.csv"));

        var created = Assert.Single(batch.Created);
        Assert.Equal(
            new S3ObjectRef("example-bucket", "folder/100%+sure it's.csv", 5, "b1946ac92492d2347c6235b4d2611184",
                "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e", "00617F08299329D189"),
            created.Object);
        Assert.Equal("Object Created:PutObject", created.EventName);
        Assert.Equal(new DateTimeOffset(2021, 11, 12, 0, 0, 0, TimeSpan.Zero), created.EventTime);
        Assert.Equal(S3EventSource.EventBridge, created.Source);
        Assert.Equal("ca-central-1", created.Region);
    }

    [Fact]
    public void EventBridge_object_deleted_is_ignored()
    {
        var batch = S3EventParser.Parse(EventBridge(detailType: "Object Deleted", reason: "DeleteObject"));

        var ignored = Assert.Single(batch.Ignored);
        Assert.Equal("Object Deleted:DeleteObject", ignored.EventName);
        Assert.Equal("example-key", ignored.Object?.Key);
        Assert.Empty(batch.Created);
    }

    [Fact]
    public void EventBridge_from_another_service_is_rejected()
    {
        var batch = S3EventParser.Parse(EventBridge(source: "aws.ec2"));

        Assert.Equal("source is 'aws.ec2', expected 'aws.s3'", Assert.Single(batch.Rejected).Reason);
    }

    [Fact]
    public void Test_event_is_ignored_with_a_reason()
    {
        var batch = S3EventParser.Parse(TestEvent);

        var ignored = Assert.Single(batch.Ignored);
        Assert.Equal("s3:TestEvent", ignored.EventName);
        Assert.Contains("test event", ignored.Reason, StringComparison.Ordinal);
        Assert.Empty(batch.Created);
        Assert.Empty(batch.Rejected);
    }

    [Theory]
    [InlineData("", "message body is empty")]
    [InlineData("   ", "message body is empty")]
    [InlineData("{not json", "message body is not valid JSON")]
    [InlineData("[1,2]", "message body must be a JSON object, found Array")]
    [InlineData("\"text\"", "message body must be a JSON object, found String")]
    [InlineData("""{"hello":"world"}""", "message body is not an S3 event notification")]
    [InlineData("""{"Records":{}}""", "Records must be an array")]
    [InlineData("""{"Records":[]}""", "Records is empty")]
    [InlineData("""{"Records":[42]}""", "Records[0] must be an object")]
    [InlineData("""{"Type":"Notification"}""", "Message is missing")]
    [InlineData("""{"Type":"Notification","Message":"not json"}""", "SNS Message is not valid JSON")]
    [InlineData("""{"Type":"Notification","Message":"{\"Type\":\"Notification\",\"Message\":\"{}\"}"}""", "Message is not an S3 event notification")]
    [InlineData("""{"Type":"Bogus"}""", "Type is 'Bogus', expected an SNS 'Notification'")]
    public void Malformed_bodies_are_rejected_with_a_reason(string body, string reason)
    {
        var batch = S3EventParser.Parse(body);

        Assert.Contains(reason, Assert.Single(batch.Rejected).Reason, StringComparison.Ordinal);
        Assert.Empty(batch.Created);
    }

    [Theory]
    [InlineData("\"key\": \"HappyFace.jpg\",", "", "Records[0].s3.object.key is missing")]
    [InlineData("\"name\": \"example-bucket\",", "", "Records[0].s3.bucket.name is missing")]
    [InlineData("\"size\": 1024,", "\"size\": \"big\",", "Records[0].s3.object.size must be a non-negative integer, found a string")]
    [InlineData("\"key\": \"HappyFace.jpg\",", "\"key\": 7,", "Records[0].s3.object.key must be a string, found a number")]
    [InlineData("\"key\": \"HappyFace.jpg\",", "\"key\": \"bad%zz\",", "Records[0].s3.object.key has a malformed escape at position 3")]
    [InlineData("\"eventTime\": \"2024-03-05T17:02:31.123Z\",", "\"eventTime\": \"yesterday\",", "Records[0].eventTime is not an ISO-8601 time")]
    [InlineData("\"eventName\": \"ObjectCreated:Put\",", "", "Records[0].eventName is missing")]
    [InlineData("\"eventSource\": \"aws:s3\",", "\"eventSource\": \"aws:sqs\",", "Records[0].eventSource is 'aws:sqs', expected 'aws:s3'")]
    public void Missing_or_mistyped_fields_are_named(string original, string replacement, string reason)
    {
        var record = Record();
        Assert.Contains(original, record, StringComparison.Ordinal);

        var batch = S3EventParser.Parse(Notification(record.Replace(original, replacement, StringComparison.Ordinal)));

        Assert.Equal(reason, Assert.Single(batch.Rejected).Reason);
        Assert.Empty(batch.Created);
    }

    [Fact]
    public void Field_errors_inside_sns_name_the_message_path()
    {
        var record = Record().Replace("\"name\": \"example-bucket\",", "", StringComparison.Ordinal);

        var batch = S3EventParser.Parse(Sns(Notification(record)));

        Assert.Equal("Message.Records[0].s3.bucket.name is missing", Assert.Single(batch.Rejected).Reason);
    }

    [Fact]
    public void EventBridge_missing_key_is_named()
    {
        var body = EventBridge().Replace("\"key\": \"example-key\",", "", StringComparison.Ordinal);

        var batch = S3EventParser.Parse(body);

        Assert.Equal("detail.object.key is missing", Assert.Single(batch.Rejected).Reason);
    }

    [Fact]
    public void One_bad_record_does_not_hide_the_good_ones()
    {
        var bad = Record(key: "x").Replace("\"eventTime\": \"2024-03-05T17:02:31.123Z\",", "", StringComparison.Ordinal);

        var batch = S3EventParser.Parse(Notification(Record(key: "good.csv"), bad, Record(eventName: "ObjectRemoved:DeleteMarkerCreated")));

        Assert.Equal("good.csv", Assert.Single(batch.Created).Object.Key);
        Assert.Equal("Records[1].eventTime is missing", Assert.Single(batch.Rejected).Reason);
        Assert.Single(batch.Ignored);
        Assert.False(batch.IsFullyUnderstood);
    }

    [Fact]
    public void Lone_surrogate_in_body_is_rejected_not_thrown()
    {
        var batch = S3EventParser.Parse("{\"Records\":\"\ud800\"}");

        Assert.Single(batch.Rejected);
    }
}

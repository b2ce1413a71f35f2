using System.Text.Json;

namespace GapTools.Core.Tests.S3Events;

/// <summary>Message bodies in the shapes AWS documents (S3 notification, SNS envelope, EventBridge).</summary>
internal static class S3EventSamples
{
    public static string Record(
        string eventName = "ObjectCreated:Put",
        string bucket = "example-bucket",
        string key = "HappyFace.jpg",
        long size = 1024,
        string eTag = "d41d8cd98f00b204e9800998ecf8427e",
        string? versionId = "096fKKXTRTtl3on89fVO.nfljtsv6qko",
        string sequencer = "0055AED6DCD90281E5") =>
        $$"""
        {
          "eventVersion": "2.1",
          "eventSource": "aws:s3",
          "awsRegion": "us-west-2",
          "eventTime": "2024-03-05T17:02:31.123Z",
          "eventName": "{{eventName}}",
          "userIdentity": { "principalId": "AWS:AIDAJDPLRKLG7UEXAMPLE" },
          "requestParameters": { "sourceIPAddress": "203.0.113.10" },
          "responseElements": {
            "x-amz-request-id": "C3D13FE58DE4C810",
            "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"
          },
          "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "gaptools-load",
            "bucket": {
              "name": "{{bucket}}",
              "ownerIdentity": { "principalId": "A3NL1KOZZKExample" },
              "arn": "arn:aws:s3:::{{bucket}}"
            },
            "object": {
              "key": {{JsonSerializer.Serialize(key)}},
              "size": {{size}},
              "eTag": {{JsonSerializer.Serialize(eTag)}},
              {{(versionId is null ? "" : $"\"versionId\": \"{versionId}\",")}}
              "sequencer": "{{sequencer}}"
            }
          }
        }
        """;

    public static string Notification(params string[] records) =>
        $$"""{ "Records": [ {{string.Join(",", records)}} ] }""";

    public static string Sns(string message) =>
        $$"""
        {
          "Type" : "Notification",
          "MessageId" : "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
          "TopicArn" : "arn:aws:sns:us-west-2:123456789012:s3-events",
          "Subject" : "Amazon S3 Notification",
          "Message" : {{JsonSerializer.Serialize(message)}},
          "Timestamp" : "2024-03-05T17:02:31.456Z",
          "SignatureVersion" : "1",
          "Signature" : "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
          "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
          "UnsubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:s3-events:c9135db0-26c4-47ec-8998-413945fb5a96"
        }
        """;

    public static string EventBridge(
        string detailType = "Object Created",
        string key = "example-key",
        string reason = "PutObject",
        string source = "aws.s3") =>
        $$"""
        {
          "version": "0",
          "id": "17793124-05d4-b198-2fde-7ededc63b103",
          "detail-type": "{{detailType}}",
          "source": "{{source}}",
          "account": "111122223333",
          "time": "2021-11-12T00:00:00Z",
          "region": "ca-central-1",
          "resources": ["arn:aws:s3:::example-bucket"],
          "detail": {
            "version": "0",
            "bucket": { "name": "example-bucket" },
            "object": {
              "key": {{JsonSerializer.Serialize(key)}},
              "size": 5,
              "etag": "b1946ac92492d2347c6235b4d2611184",
              "version-id": "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e",
              "sequencer": "00617F08299329D189"
            },
            "request-id": "N4N7GDK58NMKJ12R",
            "requester": "123456789012",
            "source-ip-address": "1.2.3.4",
            "reason": "{{reason}}"
          }
        }
        """;

    public const string TestEvent =
        """{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2014-10-13T15:57:02.089Z","Bucket":"example-bucket","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}""";
}

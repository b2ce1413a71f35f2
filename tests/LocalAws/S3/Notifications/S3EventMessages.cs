using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GapTools.LocalAws.S3.Notifications;

/// <summary>
/// The three message bodies S3 event delivery produces, byte-for-byte in AWS's layout: the S3 notification
/// (<c>{"Records":[…]}</c>, compact), the same wrapped in an SNS envelope (SNS's indented <c>"Name" : value</c> style),
/// and the EventBridge "Object Created"/"Object Deleted" event (compact). Pure: ids and times come in as values.
/// </summary>
internal static class S3EventMessages
{
    // AWS writes '+', '<', '&', '\'' and non-ASCII as they are; System.Text.Json would \u-escape them by default.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Notification(S3ObjectEvent e, string configurationId)
    {
        var s3Object = new JsonObject { ["key"] = S3EventKey.Encode(e.Key) };
        if (e.Size is { } size)
        {
            s3Object["size"] = size;
        }

        if (e.ETag is { } etag)
        {
            s3Object["eTag"] = etag;
        }

        s3Object["sequencer"] = e.Sequencer;
        var record = new JsonObject
        {
            ["eventVersion"] = "2.1",
            ["eventSource"] = "aws:s3",
            ["awsRegion"] = e.Region,
            ["eventTime"] = Millis(e.Time),
            ["eventName"] = e.EventName,
            ["userIdentity"] = new JsonObject { ["principalId"] = e.Requester.PrincipalId },
            ["requestParameters"] = new JsonObject { ["sourceIPAddress"] = e.Requester.SourceIp },
            ["responseElements"] = new JsonObject
            {
                ["x-amz-request-id"] = e.Requester.RequestId,
                ["x-amz-id-2"] = e.Requester.HostId,
            },
            ["s3"] = new JsonObject
            {
                ["s3SchemaVersion"] = "1.0",
                ["configurationId"] = configurationId,
                ["bucket"] = new JsonObject
                {
                    ["name"] = e.Bucket,
                    ["ownerIdentity"] = new JsonObject { ["principalId"] = e.BucketOwnerId },
                    ["arn"] = e.BucketArn,
                },
                ["object"] = s3Object,
            },
        };
        return new JsonObject { ["Records"] = new JsonArray(record) }.ToJsonString(Relaxed);
    }

    /// <summary>What S3 sends to each destination when the notification configuration is saved.</summary>
    public static string TestEvent(string bucket, DateTimeOffset time, S3Requester requester) =>
        new JsonObject
        {
            ["Service"] = "Amazon S3",
            ["Event"] = "s3:TestEvent",
            ["Time"] = Millis(time),
            ["Bucket"] = bucket,
            ["RequestId"] = requester.RequestId,
            ["HostId"] = requester.HostId,
        }.ToJsonString(Relaxed);

    /// <summary>An SNS notification as an SQS subscriber without raw delivery receives it.</summary>
    public static string SnsEnvelope(string topicArn, string message, string messageId, DateTimeOffset time)
    {
        var arn = Arn.TryParse(topicArn, out var parsed) ? parsed! : new Arn("sns", S3Defaults.Region, S3Defaults.AccountId, topicArn);
        var host = $"https://sns.{arn.Region}.amazonaws.com";
        // LocalAws cannot sign as SNS; the signature is a well-formed placeholder (SignatureVersion 1 = SHA1withRSA, base64).
        var signature = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(messageId + message)));
        (string Name, string Value)[] fields =
        [
            ("Type", "Notification"),
            ("MessageId", messageId),
            ("TopicArn", topicArn),
            ("Subject", "Amazon S3 Notification"),
            ("Message", message),
            ("Timestamp", Millis(time)),
            ("SignatureVersion", "1"),
            ("Signature", signature),
            ("SigningCertURL", $"{host}/SimpleNotificationService-00000000000000000000000000000000.pem"),
            ("UnsubscribeURL", $"{host}/?Action=Unsubscribe&SubscriptionArn={topicArn}:{messageId}"),
        ];
        return "{\n" + string.Join(",\n", fields.Select(f => $"  {Quote(f.Name)} : {Quote(f.Value)}")) + "\n}";
    }

    /// <summary>The EventBridge event for an object change; the key is NOT URL-encoded here.</summary>
    public static string EventBridge(S3ObjectEvent e, string eventId)
    {
        var s3Object = new JsonObject { ["key"] = e.Key };
        if (e.Size is { } size)
        {
            s3Object["size"] = size;
        }

        if (e.ETag is { } etag)
        {
            s3Object["etag"] = etag;
        }

        s3Object["sequencer"] = e.Sequencer;
        var detail = new JsonObject
        {
            ["version"] = "0",
            ["bucket"] = new JsonObject { ["name"] = e.Bucket },
            ["object"] = s3Object,
            ["request-id"] = e.Requester.RequestId,
            ["requester"] = e.Requester.AccountId,
            ["source-ip-address"] = e.Requester.SourceIp,
            ["reason"] = Reason(e.EventName),
        };
        if (!e.IsCreated)
        {
            detail["deletion-type"] = "Permanently Deleted";
        }

        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = eventId,
            ["detail-type"] = e.IsCreated ? "Object Created" : "Object Deleted",
            ["source"] = "aws.s3",
            ["account"] = e.Requester.AccountId,
            ["time"] = e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["region"] = e.Region,
            ["resources"] = new JsonArray(e.BucketArn),
            ["detail"] = detail,
        }.ToJsonString(Relaxed);
    }

    private static string Reason(string eventName) => eventName switch
    {
        S3EventNames.Copy => "CopyObject",
        S3EventNames.CompleteMultipartUpload => "CompleteMultipartUpload",
        S3EventNames.Delete => "DeleteObject",
        _ => "PutObject",
    };

    private static string Millis(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Quote(string value) => JsonSerializer.Serialize(value, Relaxed);
}

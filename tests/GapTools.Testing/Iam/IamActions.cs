namespace GapTools.Testing.Iam;

/// <summary>
/// The IAM action an API call needs, from the service's signing name and the operation LocalAws journals for it
/// (<c>RequestLogEntry.Service</c>/<c>.Operation</c>). Most operations are their own action; the exceptions are AWS's
/// documented ones ("Actions, resources, and condition keys" of each service in the Service Authorization Reference).
/// </summary>
public static class IamActions
{
    private static readonly Dictionary<(string Service, string Operation), string[]> Exceptions = new()
    {
        // S3: a HEAD is authorised as a GET, a listing as s3:ListBucket, multipart parts as s3:PutObject.
        [("s3", "HeadObject")] = ["s3:GetObject"],
        [("s3", "ListObjects")] = ["s3:ListBucket"],
        [("s3", "ListObjectsV2")] = ["s3:ListBucket"],
        [("s3", "HeadBucket")] = ["s3:ListBucket"],
        [("s3", "DeleteObjects")] = ["s3:DeleteObject"],
        [("s3", "CreateMultipartUpload")] = ["s3:PutObject"],
        [("s3", "UploadPart")] = ["s3:PutObject"],
        [("s3", "CompleteMultipartUpload")] = ["s3:PutObject"],
        [("s3", "CopyObject")] = ["s3:GetObject", "s3:PutObject"],
        [("s3", "GetBucketNotificationConfiguration")] = ["s3:GetBucketNotification"],
        [("s3", "PutBucketNotificationConfiguration")] = ["s3:PutBucketNotification"],

        // SQS: a batch call needs the single action.
        [("sqs", "DeleteMessageBatch")] = ["sqs:DeleteMessage"],
        [("sqs", "ChangeMessageVisibilityBatch")] = ["sqs:ChangeMessageVisibility"],
        [("sqs", "SendMessageBatch")] = ["sqs:SendMessage"],

        // CloudSearch's document service (signed as "cloudsearch") is authorised as cloudsearch:document.
        [("cloudsearch", "UploadDocuments")] = ["cloudsearch:document"],
        [("cloudsearch", "Search")] = ["cloudsearch:search"],
        [("cloudsearch", "Suggest")] = ["cloudsearch:suggest"],
    };

    /// <summary>The actions <paramref name="operation"/> of <paramref name="service"/> (a signing name) needs.</summary>
    public static IReadOnlyList<string> For(string service, string operation) =>
        Exceptions.TryGetValue((service, operation), out var actions) ? actions : [$"{service}:{operation}"];
}

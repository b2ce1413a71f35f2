namespace GapTools.LocalAws.S3.Notifications;

/// <summary>Who asked for a change, as events report it.</summary>
internal sealed record S3Requester(string AccessKeyId, string AccountId, string RequestId, string SourceIp = "127.0.0.1")
{
    /// <summary>S3 reports an IAM caller as <c>AWS:&lt;principal&gt;</c>; LocalAws's principal is the access key.</summary>
    public string PrincipalId => "AWS:" + AccessKeyId;

    /// <summary>S3's x-amz-id-2: an opaque base64 token; derived from the request id so it is stable.</summary>
    public string HostId => Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(RequestId)));
}

/// <summary>One object change that may be notified (before matching against the bucket's configuration).</summary>
internal sealed record S3ObjectEvent(
    string EventName,
    string Bucket,
    string Region,
    string BucketOwnerId,
    string Key,
    long? Size,
    string? ETag,
    string Sequencer,
    DateTimeOffset Time,
    S3Requester Requester)
{
    public bool IsCreated => EventName.StartsWith("ObjectCreated:", StringComparison.Ordinal);

    public string BucketArn => $"arn:aws:s3:::{Bucket}";
}

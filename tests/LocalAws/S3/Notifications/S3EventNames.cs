namespace GapTools.LocalAws.S3.Notifications;

/// <summary>The event types S3 accepts in a notification configuration, and wildcard matching between them.</summary>
internal static class S3EventNames
{
    public const string Put = "ObjectCreated:Put";
    public const string Copy = "ObjectCreated:Copy";
    public const string CompleteMultipartUpload = "ObjectCreated:CompleteMultipartUpload";
    public const string Delete = "ObjectRemoved:Delete";

    // From the S3 API model's Event enum.
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "s3:ReducedRedundancyLostObject", "s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post",
        "s3:ObjectCreated:Copy", "s3:ObjectCreated:CompleteMultipartUpload", "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete",
        "s3:ObjectRemoved:DeleteMarkerCreated", "s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed",
        "s3:Replication:*", "s3:Replication:OperationFailedReplication", "s3:Replication:OperationNotTracked",
        "s3:Replication:OperationMissedThreshold", "s3:Replication:OperationReplicatedAfterThreshold", "s3:ObjectRestore:Delete",
        "s3:LifecycleTransition", "s3:IntelligentTiering", "s3:ObjectAcl:Put", "s3:LifecycleExpiration:*",
        "s3:LifecycleExpiration:Delete", "s3:LifecycleExpiration:DeleteMarkerCreated", "s3:ObjectTagging:*",
        "s3:ObjectTagging:Put", "s3:ObjectTagging:Delete",
    };

    /// <summary><c>s3:ObjectCreated:*</c> covers <c>s3:ObjectCreated:Put</c>; a name covers itself.</summary>
    public static bool Covers(string configured, string eventType) =>
        configured == eventType
        || (configured.EndsWith(":*", StringComparison.Ordinal)
            && eventType.StartsWith(configured[..^1], StringComparison.Ordinal));

    /// <summary>Two configured event types overlap when either covers the other.</summary>
    public static bool Overlap(string a, string b) => Covers(a, b) || Covers(b, a);
}

namespace GapTools.LocalAws.S3;

/// <summary>Constants S3 uses and limits it enforces.</summary>
public static class S3Defaults
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>What S3 reports for an object uploaded without a Content-Type.</summary>
    public const string ContentType = "binary/octet-stream";

    public const string Region = "us-east-1";

    public const string AccountId = "000000000000";

    /// <summary>ListObjects returns at most 1,000 entries per page.</summary>
    public const int MaxKeys = 1000;

    /// <summary>DeleteObjects accepts at most 1,000 keys.</summary>
    public const int MaxDeleteKeys = 1000;

    /// <summary>Keys are at most 1,024 UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>User metadata (names and values) is at most 2 KB.</summary>
    public const int MaxMetadataBytes = 2048;

    /// <summary>Every multipart part except the last must be at least 5 MiB.</summary>
    public const int MinPartSize = 5 * 1024 * 1024;

    public const int MaxPartNumber = 10_000;
}

using GapTools.LocalAws.Protocols;
using GapTools.LocalAws.Routing;
using GapTools.LocalAws.S3.Notifications;

namespace GapTools.LocalAws.S3;

/// <summary>
/// S3 over REST-XML, path-style only (<c>/{bucket}/{key}</c>, as with <c>ForcePathStyle</c> or an IP endpoint).
/// The operation is the method plus the path depth plus the sub-resource in the query (<c>?notification</c>, <c>?uploads</c>…).
/// </summary>
internal sealed partial class S3Service(S3Store store) : IAwsService
{
    // Sub-resources S3 has and LocalAws does not emulate: refused loudly rather than mistaken for a plain GET/PUT.
    private static readonly string[] Unsupported =
    [
        "policy", "policyStatus", "cors", "lifecycle", "tagging", "website", "encryption", "logging", "replication",
        "accelerate", "analytics", "inventory", "metrics", "ownershipControls", "publicAccessBlock", "requestPayment",
        "object-lock", "intelligent-tiering", "legal-hold", "retention", "restore", "select", "attributes", "torrent",
        "versions", "session", "metadataTable",
    ];

    public IReadOnlyCollection<string> SigningNames { get; } = ["s3"];

    public string ResolveOperation(AwsRequest request)
    {
        var path = S3Path.Parse(request.RawPath);
        var query = request.Query;
        bool Has(string name) => query.ContainsKey(name);
        if (Has("acl"))
        {
            // Read-only: every bucket and object is private to its owner (FULL_CONTROL), as S3 creates them by default.
            return request.Method == "GET" ? (path.Key is null ? "GetBucketAcl" : "GetObjectAcl") : throw S3Errors.NotImplemented("PUT ?acl");
        }

        if (Unsupported.FirstOrDefault(Has) is { } subresource)
        {
            throw S3Errors.NotImplemented($"?{subresource}");
        }

        var method = request.Method.ToUpperInvariant();
        if (path.Bucket is null)
        {
            return method == "GET" ? "ListBuckets" : throw MethodNotAllowed(method);
        }

        if (path.Key is null)
        {
            return method switch
            {
                "PUT" when Has("notification") => "PutBucketNotificationConfiguration",
                "GET" when Has("notification") => "GetBucketNotificationConfiguration",
                "GET" when Has("location") => "GetBucketLocation",
                "GET" when Has("versioning") => "GetBucketVersioning",
                "POST" when Has("delete") => "DeleteObjects",
                _ when Has("versioning") || Has("uploads") || Has("notification") => throw S3Errors.NotImplemented($"{method} on this bucket sub-resource"),
                "GET" when query["list-type"] == "2" => "ListObjectsV2",
                "GET" => "ListObjects",
                "PUT" => "CreateBucket",
                "HEAD" => "HeadBucket",
                "DELETE" => "DeleteBucket",
                _ => throw MethodNotAllowed(method),
            };
        }

        var copy = request.Header("x-amz-copy-source") is not null;
        return method switch
        {
            "PUT" when Has("partNumber") || Has("uploadId") => copy ? throw S3Errors.NotImplemented("UploadPartCopy") : "UploadPart",
            "PUT" => copy ? "CopyObject" : "PutObject",
            "GET" when Has("uploadId") => throw S3Errors.NotImplemented("ListParts"),
            "GET" => "GetObject",
            "HEAD" => "HeadObject",
            "DELETE" when Has("uploadId") => "AbortMultipartUpload",
            "DELETE" => "DeleteObject",
            "POST" when Has("uploads") => "CreateMultipartUpload",
            "POST" when Has("uploadId") => "CompleteMultipartUpload",
            _ => throw MethodNotAllowed(method),
        };
    }

    public Task<AwsResponse> HandleAsync(AwsRequest request, string operation)
    {
        var path = S3Path.Parse(request.RawPath);
        var bucket = path.Bucket ?? "";
        var key = path.Key ?? "";
        if (request.Query.TryGetValue("versionId", out var version) && version != "null")
        {
            // Versioning is never on here, so the only version an object has is "null".
            throw S3Errors.InvalidArgument("Invalid version id specified", "versionId", version.ToString());
        }

        var response = operation switch
        {
            "ListBuckets" => ListBuckets(request),
            "CreateBucket" => CreateBucket(request, bucket),
            "HeadBucket" => HeadBucket(bucket),
            "DeleteBucket" => DeleteBucket(bucket),
            "GetBucketLocation" => GetBucketLocation(bucket),
            "GetBucketVersioning" => GetBucketVersioning(bucket),
            "GetBucketAcl" => GetAcl(request, bucket, key: null),
            "GetObjectAcl" => GetAcl(request, bucket, key),
            "PutBucketNotificationConfiguration" => PutBucketNotificationConfiguration(request, bucket),
            "GetBucketNotificationConfiguration" => GetBucketNotificationConfiguration(bucket),
            "ListObjectsV2" => ListObjectsV2(request, bucket),
            "ListObjects" => ListObjects(request, bucket),
            "DeleteObjects" => DeleteObjects(request, bucket),
            "PutObject" => PutObject(request, bucket, key),
            "CopyObject" => CopyObject(request, bucket, key),
            "GetObject" => GetObject(request, bucket, key, head: false),
            "HeadObject" => GetObject(request, bucket, key, head: true),
            "DeleteObject" => DeleteObject(request, bucket, key),
            "CreateMultipartUpload" => CreateMultipartUpload(request, bucket, key),
            "UploadPart" => UploadPart(request, bucket, key),
            "CompleteMultipartUpload" => CompleteMultipartUpload(request, bucket, key),
            "AbortMultipartUpload" => AbortMultipartUpload(request, bucket, key),
            _ => throw S3Errors.NotImplemented(operation),
        };
        // S3's second request id; SDKs surface it next to x-amz-request-id for support cases.
        response.Headers["x-amz-id-2"] = Requester(request).HostId;
        return Task.FromResult(response);
    }

    private S3Requester Requester(AwsRequest request) => new(request.AccessKeyId, store.AccountId, request.RequestId);

    private static AwsErrorException MethodNotAllowed(string method) =>
        new("MethodNotAllowed", $"The specified method is not allowed against this resource ({method}).", System.Net.HttpStatusCode.MethodNotAllowed);
}

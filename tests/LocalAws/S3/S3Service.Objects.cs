using System.Net;
using System.Text;
using GapTools.LocalAws.Protocols;
using GapTools.LocalAws.S3.Notifications;

namespace GapTools.LocalAws.S3;

internal sealed partial class S3Service
{
    private AwsResponse PutObject(AwsRequest request, string bucket, string key)
    {
        var target = store.Bucket(bucket);
        CheckKey(key);
        // The body array belongs to this request alone (or is freshly decoded), so it is stored without a copy.
        var payload = S3Payload.Read(request);
        target.TryGet(key, out var existing);
        S3Preconditions.CheckWrite(request, existing, key);
        var stored = S3ObjectHeaders.From(request, store.NewObject(bucket, key, payload.Data, S3Defaults.ContentType))
            with { Checksums = payload.Checksums };
        store.Store(stored, S3EventNames.Put, Requester(request));

        var response = AwsResponse.Empty();
        response.Headers["ETag"] = stored.ETag;
        response.Headers["x-amz-server-side-encryption"] = "AES256";
        S3ObjectHeaders.WriteChecksums(response, stored);
        return response;
    }

    private AwsResponse GetObject(AwsRequest request, string bucket, string key, bool head)
    {
        if (!store.Bucket(bucket).TryGet(key, out var stored) || stored is null)
        {
            throw S3Errors.NoSuchKey(key);
        }

        if (S3Preconditions.NotModified(request, stored))
        {
            return S3Preconditions.NotModifiedResponse(stored);
        }

        var range = S3ByteRange.Parse(request.Header("Range"), stored.Size);
        var body = range is { } r ? stored.Data.Slice((int)r.First, (int)r.Length) : stored.Data;
        var response = new AwsResponse
        {
            Status = range is null ? HttpStatusCode.OK : HttpStatusCode.PartialContent,
            ContentType = S3ObjectHeaders.ContentType(request, stored),
            // A slice of the stored array: Kestrel writes it straight from memory, nothing is copied per request.
            Body = head ? ReadOnlyMemory<byte>.Empty : body,
        };
        S3ObjectHeaders.Write(response, stored, request);
        if (range is { } partial)
        {
            response.Headers["Content-Range"] = partial.ContentRange(stored.Size);
        }
        else if (string.Equals(request.Header("x-amz-checksum-mode"), "ENABLED", StringComparison.OrdinalIgnoreCase))
        {
            S3ObjectHeaders.WriteChecksums(response, stored);
        }

        if (head)
        {
            // The pipeline sends no body for HEAD, so it cannot derive the length: state it.
            response.Headers["Content-Length"] = body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return response;
    }

    private AwsResponse DeleteObject(AwsRequest request, string bucket, string key)
    {
        // Deleting a missing key succeeds in S3 (no event is sent for it here).
        store.Remove(store.Bucket(bucket), key, Requester(request));
        return AwsResponse.Empty(HttpStatusCode.NoContent);
    }

    private AwsResponse DeleteObjects(AwsRequest request, string bucket)
    {
        var target = store.Bucket(bucket);
        var root = S3Xml.Parse(request.Body);
        var keys = S3Xml.Children(root, "Object").Select(o => S3Xml.Child(o, "Key") ?? throw S3Errors.MalformedXml()).ToList();
        if (root.Name.LocalName != "Delete" || keys.Count is 0 or > S3Defaults.MaxDeleteKeys)
        {
            throw S3Errors.MalformedXml();
        }

        var quiet = string.Equals(S3Xml.Child(root, "Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var requester = Requester(request);
        foreach (var key in keys)
        {
            store.Remove(target, key, requester);
        }

        // Quiet mode reports only errors; a key that did not exist still counts as deleted.
        return S3Xml.Response(S3Xml.E("DeleteResult", quiet ? null : keys.Select(k => S3Xml.E("Deleted", S3Xml.E("Key", k)))));
    }

    private AwsResponse CopyObject(AwsRequest request, string bucket, string key)
    {
        var target = store.Bucket(bucket);
        CheckKey(key);
        var (sourceBucket, sourceKey) = CopySource(request.Header("x-amz-copy-source")!);
        if (!store.Bucket(sourceBucket).TryGet(sourceKey, out var source) || source is null)
        {
            throw S3Errors.NoSuchKey(sourceKey);
        }

        if (S3Preconditions.NotModified(request, source, "x-amz-copy-source-"))
        {
            throw S3Errors.PreconditionFailed("x-amz-copy-source-If-None-Match");
        }

        var replace = string.Equals(request.Header("x-amz-metadata-directive"), "REPLACE", StringComparison.OrdinalIgnoreCase);
        if (!replace && sourceBucket == bucket && sourceKey == key)
        {
            throw S3Errors.InvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }

        target.TryGet(key, out var existing);
        S3Preconditions.CheckWrite(request, existing, key);
        // Stored bytes are never mutated, so the copy shares them.
        var copy = source with { Bucket = bucket, Key = key, LastModified = S3Store.TruncateToSeconds(store.Now()) };
        if (replace)
        {
            copy = S3ObjectHeaders.From(request, copy);
        }

        store.Store(copy, S3EventNames.Copy, Requester(request));
        return S3Xml.Response(S3Xml.E("CopyObjectResult",
            S3Xml.E("ETag", copy.ETag),
            S3Xml.E("LastModified", S3Xml.Timestamp(copy.LastModified))));
    }

    /// <summary><c>x-amz-copy-source: [/]bucket/key[?versionId=…]</c>, URL-encoded (the SDKs encode the '/' too).</summary>
    private static (string Bucket, string Key) CopySource(string header)
    {
        // A '?' in a key arrives as %3F, so a literal one starts the versionId query.
        var source = Uri.UnescapeDataString(header.Split('?')[0]).TrimStart('/');
        var slash = source.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == source.Length - 1)
        {
            throw S3Errors.InvalidArgument("Invalid copy source object key", "x-amz-copy-source", header);
        }

        return (source[..slash], source[(slash + 1)..]);
    }

    private static void CheckKey(string key)
    {
        if (Encoding.UTF8.GetByteCount(key) > S3Defaults.MaxKeyBytes)
        {
            throw S3Errors.KeyTooLong();
        }
    }
}

using System.Globalization;
using System.Net;
using GapTools.LocalAws.Protocols;
using GapTools.LocalAws.S3.Notifications;

namespace GapTools.LocalAws.S3;

internal sealed partial class S3Service
{
    private AwsResponse CreateMultipartUpload(AwsRequest request, string bucket, string key)
    {
        var target = store.Bucket(bucket);
        CheckKey(key);
        var uploadId = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('/', '_').Replace('+', '-');
        var template = S3ObjectHeaders.From(request, store.NewObject(bucket, key, ReadOnlyMemory<byte>.Empty, S3Defaults.ContentType));
        target.AddUpload(new MultipartUpload(uploadId, template));
        return S3Xml.Response(S3Xml.E("InitiateMultipartUploadResult",
            S3Xml.E("Bucket", bucket),
            S3Xml.E("Key", key),
            S3Xml.E("UploadId", uploadId)));
    }

    private AwsResponse UploadPart(AwsRequest request, string bucket, string key)
    {
        var upload = Upload(request, bucket, key);
        var text = request.Query["partNumber"].ToString();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > S3Defaults.MaxPartNumber)
        {
            throw S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", text);
        }

        var payload = S3Payload.Read(request);
        var part = new UploadedPart(number, payload.Data.ToArray(), S3Store.Quote(S3Store.Md5Hex(payload.Data.Span)));
        upload.SetPart(part);
        var response = AwsResponse.Empty();
        response.Headers["ETag"] = part.ETag;
        foreach (var (algorithm, value) in payload.Checksums)
        {
            response.Headers["x-amz-checksum-" + algorithm.ToLowerInvariant()] = value;
        }

        return response;
    }

    private AwsResponse CompleteMultipartUpload(AwsRequest request, string bucket, string key)
    {
        var target = store.Bucket(bucket);
        var upload = Upload(request, bucket, key);
        var root = S3Xml.Parse(request.Body);
        var listed = S3Xml.Children(root, "Part")
            .Select(p => (Number: int.TryParse(S3Xml.Child(p, "PartNumber"), CultureInfo.InvariantCulture, out var n) ? n : 0, ETag: S3Xml.Child(p, "ETag") ?? ""))
            .ToList();
        if (root.Name.LocalName != "CompleteMultipartUpload" || listed.Count == 0)
        {
            throw S3Errors.MalformedXml();
        }

        var parts = new List<UploadedPart>();
        foreach (var (number, etag) in listed)
        {
            if (parts.Count > 0 && number <= parts[^1].Number)
            {
                throw new AwsErrorException("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.");
            }

            var part = upload.Part(number);
            if (part is null || part.ETag.Trim('"') != etag.Trim('"'))
            {
                throw new AwsErrorException("InvalidPart",
                    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.");
            }

            parts.Add(part);
        }

        if (parts.SkipLast(1).FirstOrDefault(p => p.Data.Length < S3Defaults.MinPartSize) is { } small)
        {
            throw new AwsErrorException("EntityTooSmall", $"Your proposed upload is smaller than the minimum allowed object size (part {small.Number}).");
        }

        var data = new byte[parts.Sum(p => (long)p.Data.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.Data.CopyTo(data, offset);
            offset += part.Data.Length;
        }

        // A multipart ETag is the MD5 of the parts' binary MD5s, then "-<part count>".
        var digests = parts.SelectMany(p => Convert.FromHexString(p.ETag.Trim('"'))).ToArray();
        var stored = upload.Template with
        {
            Data = data,
            ETag = S3Store.Quote($"{S3Store.Md5Hex(digests)}-{parts.Count}"),
            LastModified = S3Store.TruncateToSeconds(store.Now()),
        };
        target.RemoveUpload(upload.UploadId);
        store.Store(stored, S3EventNames.CompleteMultipartUpload, Requester(request));
        return S3Xml.Response(S3Xml.E("CompleteMultipartUploadResult",
            S3Xml.E("Location", $"{request.BaseUrl}/{bucket}/{Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal)}"),
            S3Xml.E("Bucket", bucket),
            S3Xml.E("Key", key),
            S3Xml.E("ETag", stored.ETag)));
    }

    private AwsResponse AbortMultipartUpload(AwsRequest request, string bucket, string key)
    {
        var upload = Upload(request, bucket, key);
        store.Bucket(bucket).RemoveUpload(upload.UploadId);
        return AwsResponse.Empty(HttpStatusCode.NoContent);
    }

    private MultipartUpload Upload(AwsRequest request, string bucket, string key)
    {
        var uploadId = request.Query["uploadId"].ToString();
        return store.Bucket(bucket).FindUpload(uploadId, key) ?? throw S3Errors.NoSuchUpload(uploadId);
    }

}

using System.Globalization;
using System.Text;
using System.Xml.Linq;
using GapTools.LocalAws.Protocols;
using GapTools.LocalAws.S3.Notifications;

namespace GapTools.LocalAws.S3;

internal sealed partial class S3Service
{
    private AwsResponse ListObjectsV2(AwsRequest request, string bucket)
    {
        var target = store.Bucket(bucket);
        var (prefix, delimiter, maxKeys, encode) = ListParameters(request);
        var token = Query(request, "continuation-token");
        var startAfter = Query(request, "start-after");
        var after = token is null ? startAfter : DecodeToken(token);
        var page = target.Page(prefix, delimiter, maxKeys, after);
        return S3Xml.Response(S3Xml.E("ListBucketResult",
            S3Xml.E("Name", bucket),
            S3Xml.E("Prefix", encode(prefix)),
            delimiter is null ? null : S3Xml.E("Delimiter", encode(delimiter)),
            S3Xml.E("MaxKeys", maxKeys),
            Query(request, "encoding-type") is { } type ? S3Xml.E("EncodingType", type) : null,
            S3Xml.E("KeyCount", page.KeyCount),
            token is null ? null : S3Xml.E("ContinuationToken", token),
            page.IsTruncated ? S3Xml.E("NextContinuationToken", EncodeToken(page.LastEntry!)) : null,
            startAfter is null ? null : S3Xml.E("StartAfter", encode(startAfter)),
            S3Xml.E("IsTruncated", S3Xml.Bool(page.IsTruncated)),
            Entries(page, encode, owner: Query(request, "fetch-owner") == "true" ? request.AccessKeyId : null)));
    }

    private AwsResponse ListObjects(AwsRequest request, string bucket)
    {
        var target = store.Bucket(bucket);
        var (prefix, delimiter, maxKeys, encode) = ListParameters(request);
        var marker = Query(request, "marker");
        var page = target.Page(prefix, delimiter, maxKeys, marker);
        return S3Xml.Response(S3Xml.E("ListBucketResult",
            S3Xml.E("Name", bucket),
            S3Xml.E("Prefix", encode(prefix)),
            S3Xml.E("Marker", encode(marker ?? "")),
            // V1 sends NextMarker only with a delimiter; without one the client continues from the last key.
            page.IsTruncated && delimiter is not null ? S3Xml.E("NextMarker", encode(page.LastEntry!)) : null,
            S3Xml.E("MaxKeys", maxKeys),
            delimiter is null ? null : S3Xml.E("Delimiter", encode(delimiter)),
            Query(request, "encoding-type") is { } type ? S3Xml.E("EncodingType", type) : null,
            S3Xml.E("IsTruncated", S3Xml.Bool(page.IsTruncated)),
            Entries(page, encode, owner: request.AccessKeyId)));
    }

    private static IEnumerable<XElement> Entries(ListingPage page, Func<string, string> encode, string? owner) =>
        page.Contents.Select(o => S3Xml.E("Contents",
                S3Xml.E("Key", encode(o.Key)),
                S3Xml.E("LastModified", S3Xml.Timestamp(o.LastModified)),
                S3Xml.E("ETag", o.ETag),
                o.Checksums.Keys.Select(a => S3Xml.E("ChecksumAlgorithm", a)),
                o.Checksums.Count > 0 ? S3Xml.E("ChecksumType", "FULL_OBJECT") : null,
                S3Xml.E("Size", o.Size),
                owner is null ? null : Owner(owner),
                S3Xml.E("StorageClass", "STANDARD")))
            .Concat(page.CommonPrefixes.Select(p => S3Xml.E("CommonPrefixes", S3Xml.E("Prefix", encode(p)))));

    private static (string Prefix, string? Delimiter, int MaxKeys, Func<string, string> Encode) ListParameters(AwsRequest request)
    {
        var maxKeys = S3Defaults.MaxKeys;
        if (Query(request, "max-keys") is { } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out maxKeys))
            {
                throw S3Errors.InvalidArgument("Provided max-keys not an integer or within integer range", "max-keys", text);
            }

            // S3 never returns more than 1,000 entries, whatever max-keys asks for.
            maxKeys = Math.Min(maxKeys, S3Defaults.MaxKeys);
        }

        var encodingType = Query(request, "encoding-type");
        if (encodingType is not null && encodingType != "url")
        {
            throw S3Errors.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType);
        }

        Func<string, string> encode = encodingType is null ? s => s : S3EventKey.Encode;
        var delimiter = Query(request, "delimiter");
        return (Query(request, "prefix") ?? "", string.IsNullOrEmpty(delimiter) ? null : delimiter, maxKeys, encode);
    }

    private static string? Query(AwsRequest request, string name) =>
        request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    // Continuation tokens are opaque to clients; this one is the last key or common prefix returned, base64.
    private static string EncodeToken(string lastEntry) => Convert.ToBase64String(Encoding.UTF8.GetBytes(lastEntry));

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw S3Errors.InvalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
    }
}

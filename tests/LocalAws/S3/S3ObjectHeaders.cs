using System.Text;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.S3;

/// <summary>The system and user metadata an upload sets, and how GET/HEAD send them back.</summary>
internal static class S3ObjectHeaders
{
    private const string MetaPrefix = "x-amz-meta-";

    /// <summary>Applies the request's Content-*, Cache-Control, Expires and x-amz-meta-* headers to an object.</summary>
    public static S3StoredObject From(AwsRequest request, S3StoredObject stored)
    {
        var metadata = request.Headers
            .Where(h => h.Key.StartsWith(MetaPrefix, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key[MetaPrefix.Length..].ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        if (metadata.Sum(m => Encoding.UTF8.GetByteCount(m.Key) + Encoding.UTF8.GetByteCount(m.Value)) > S3Defaults.MaxMetadataBytes)
        {
            throw S3Errors.MetadataTooLarge();
        }

        return stored with
        {
            ContentType = NonEmpty(request.Header("Content-Type")) ?? S3Defaults.ContentType,
            ContentEncoding = StoredEncoding(request.Header("Content-Encoding")),
            ContentDisposition = NonEmpty(request.Header("Content-Disposition")),
            ContentLanguage = NonEmpty(request.Header("Content-Language")),
            CacheControl = NonEmpty(request.Header("Cache-Control")),
            Expires = NonEmpty(request.Header("Expires")),
            Metadata = metadata,
        };
    }

    /// <summary>Headers of GET/HEAD; <c>response-*</c> query parameters override the stored values as in S3.</summary>
    public static void Write(AwsResponse response, S3StoredObject stored, AwsRequest request)
    {
        response.Headers["ETag"] = stored.ETag;
        response.Headers["Last-Modified"] = S3Xml.HttpDate(stored.LastModified);
        response.Headers["Accept-Ranges"] = "bytes";
        response.Headers["x-amz-server-side-encryption"] = "AES256";
        Set(response, "Content-Encoding", Override(request, "response-content-encoding") ?? stored.ContentEncoding);
        Set(response, "Content-Disposition", Override(request, "response-content-disposition") ?? stored.ContentDisposition);
        Set(response, "Content-Language", Override(request, "response-content-language") ?? stored.ContentLanguage);
        Set(response, "Cache-Control", Override(request, "response-cache-control") ?? stored.CacheControl);
        Set(response, "Expires", Override(request, "response-expires") ?? stored.Expires);
        foreach (var (name, value) in stored.Metadata)
        {
            response.Headers[MetaPrefix + name] = value;
        }
    }

    public static string ContentType(AwsRequest request, S3StoredObject stored) =>
        Override(request, "response-content-type") ?? stored.ContentType;

    /// <summary>Checksums go back only when asked for (<c>x-amz-checksum-mode: ENABLED</c>) and for the whole object.</summary>
    public static void WriteChecksums(AwsResponse response, S3StoredObject stored)
    {
        foreach (var (algorithm, value) in stored.Checksums)
        {
            response.Headers["x-amz-checksum-" + algorithm.ToLowerInvariant()] = value;
        }

        if (stored.Checksums.Count > 0)
        {
            response.Headers["x-amz-checksum-type"] = "FULL_OBJECT";
        }
    }

    // aws-chunked only describes the transfer; S3 stores the remaining codings (e.g. gzip).
    private static string? StoredEncoding(string? header)
    {
        var codings = (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(c => !c.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase));
        return NonEmpty(string.Join(",", codings));
    }

    private static string? Override(AwsRequest request, string parameter) =>
        request.Query.TryGetValue(parameter, out var value) ? value.ToString() : null;

    private static void Set(AwsResponse response, string name, string? value)
    {
        if (value is not null)
        {
            response.Headers[name] = value;
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

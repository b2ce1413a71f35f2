using System.Globalization;
using System.Net;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.S3;

/// <summary>Conditional requests as S3 evaluates them (RFC 7232 order, with S3's documented combinations).</summary>
internal static class S3Preconditions
{
    /// <summary>GET/HEAD: 412 PreconditionFailed, or true when the answer is 304 Not Modified.</summary>
    public static bool NotModified(AwsRequest request, S3StoredObject stored, string prefix = "")
    {
        var ifMatch = request.Header(prefix + "If-Match");
        if (ifMatch is not null)
        {
            if (!Matches(ifMatch, stored.ETag))
            {
                throw S3Errors.PreconditionFailed(prefix + "If-Match");
            }
        }
        else if (Date(request.Header(prefix + "If-Unmodified-Since")) is { } unmodifiedSince && stored.LastModified > unmodifiedSince)
        {
            throw S3Errors.PreconditionFailed(prefix + "If-Unmodified-Since");
        }

        var ifNoneMatch = request.Header(prefix + "If-None-Match");
        if (ifNoneMatch is not null)
        {
            return Matches(ifNoneMatch, stored.ETag);
        }

        return Date(request.Header(prefix + "If-Modified-Since")) is { } modifiedSince && stored.LastModified <= modifiedSince;
    }

    /// <summary>Conditional writes: <c>If-None-Match: *</c> (create only) and <c>If-Match: etag</c> (replace only that version).</summary>
    public static void CheckWrite(AwsRequest request, S3StoredObject? existing, string key)
    {
        if (request.Header("If-None-Match") is { } ifNoneMatch && existing is not null && Matches(ifNoneMatch, existing.ETag))
        {
            throw S3Errors.PreconditionFailed("If-None-Match");
        }

        if (request.Header("If-Match") is { } ifMatch)
        {
            if (existing is null)
            {
                throw S3Errors.NoSuchKey(key);
            }

            if (!Matches(ifMatch, existing.ETag))
            {
                throw S3Errors.PreconditionFailed("If-Match");
            }
        }
    }

    public static AwsResponse NotModifiedResponse(S3StoredObject stored)
    {
        var response = AwsResponse.Empty(HttpStatusCode.NotModified);
        response.Headers["ETag"] = stored.ETag;
        response.Headers["Last-Modified"] = S3Xml.HttpDate(stored.LastModified);
        return response;
    }

    private static bool Matches(string header, string etag) =>
        header.Split(',', StringSplitOptions.TrimEntries).Any(t => t == "*" || t.Trim('"') == etag.Trim('"'));

    private static DateTimeOffset? Date(string? header) =>
        DateTimeOffset.TryParse(header, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}

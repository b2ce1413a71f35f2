namespace GapTools.Core.S3Events;

/// <summary>S3 notifications send the entity tag without quotes, HTTP headers send it with; keep one form.</summary>
internal static class ETags
{
    public static string? Normalize(string? etag)
    {
        var trimmed = etag?.Trim('"');
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }
}

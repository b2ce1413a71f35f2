namespace GapTools.LocalAws.S3;

/// <summary>One page of a listing: objects and common prefixes in key order, and where the next page starts.</summary>
internal sealed record ListingPage(IReadOnlyList<S3StoredObject> Contents, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? LastEntry)
{
    public int KeyCount => Contents.Count + CommonPrefixes.Count;
}

/// <summary>
/// The paging rule of ListObjects(V2), pure: walk keys in UTF-8 order after a marker, fold keys that contain the
/// delimiter after the prefix into one common prefix, and stop after max-keys entries (objects and prefixes count alike).
/// </summary>
internal static class ObjectListing
{
    /// <param name="ordered">Objects in <see cref="Utf8KeyComparer"/> order, starting at or before the first candidate.</param>
    /// <param name="after">Exclusive start: a key, or a common prefix returned on the previous page.</param>
    public static ListingPage Page(IEnumerable<S3StoredObject> ordered, string prefix, string? delimiter, int maxKeys, string? after)
    {
        var contents = new List<S3StoredObject>();
        var prefixes = new List<string>();
        string? last = null;
        if (maxKeys <= 0)
        {
            return new ListingPage(contents, prefixes, IsTruncated: false, last);
        }

        var comparer = Utf8KeyComparer.Instance;
        foreach (var item in ordered)
        {
            var key = item.Key;
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                if (comparer.Compare(key, prefix) > 0)
                {
                    break;
                }

                continue;
            }

            if (after is not null && comparer.Compare(key, after) <= 0)
            {
                continue;
            }

            var commonPrefix = CommonPrefix(key, prefix, delimiter);
            if (commonPrefix is not null)
            {
                // A prefix already returned (on this page or as the marker) covers every key under it.
                if (commonPrefix == last || (after is not null && after.StartsWith(commonPrefix, StringComparison.Ordinal)))
                {
                    continue;
                }
            }

            if (contents.Count + prefixes.Count == maxKeys)
            {
                return new ListingPage(contents, prefixes, IsTruncated: true, last);
            }

            if (commonPrefix is not null)
            {
                prefixes.Add(commonPrefix);
                last = commonPrefix;
            }
            else
            {
                contents.Add(item);
                last = key;
            }
        }

        return new ListingPage(contents, prefixes, IsTruncated: false, last);
    }

    public static string? CommonPrefix(string key, string prefix, string? delimiter)
    {
        if (string.IsNullOrEmpty(delimiter))
        {
            return null;
        }

        var at = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : key[..(at + delimiter.Length)];
    }

    /// <summary>Where to start reading the ordered keys: the later of the prefix and the marker.</summary>
    public static string StartKey(string prefix, string? after) =>
        after is not null && Utf8KeyComparer.Instance.Compare(after, prefix) > 0 ? after : prefix;
}

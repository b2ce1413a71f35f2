using GapTools.LocalAws.S3.Notifications;

namespace GapTools.LocalAws.S3;

/// <summary>A bucket's objects (by key, and in listing order), notification configuration and open multipart uploads.</summary>
internal sealed class S3Bucket(string name, string region, string owner, DateTimeOffset created)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, S3StoredObject> objects = new(StringComparer.Ordinal);
    private readonly SortedSet<string> keys = new(Utf8KeyComparer.Instance);
    private readonly Dictionary<string, MultipartUpload> uploads = new(StringComparer.Ordinal);
    private NotificationConfiguration notifications = NotificationConfiguration.Empty;

    public string Name { get; } = name;

    public string Region { get; } = region;

    /// <summary>The access key that created the bucket.</summary>
    public string Owner { get; } = owner;

    public DateTimeOffset Created { get; } = created;

    public NotificationConfiguration Notifications
    {
        get { lock (gate) { return notifications; } }
        set { lock (gate) { notifications = value; } }
    }

    public bool IsEmpty
    {
        get { lock (gate) { return objects.Count == 0; } }
    }

    public bool TryGet(string key, out S3StoredObject? stored)
    {
        lock (gate)
        {
            return objects.TryGetValue(key, out stored);
        }
    }

    public void Put(S3StoredObject stored)
    {
        lock (gate)
        {
            objects[stored.Key] = stored;
            keys.Add(stored.Key);
        }
    }

    public bool Remove(string key)
    {
        lock (gate)
        {
            keys.Remove(key);
            return objects.Remove(key);
        }
    }

    /// <summary>One listing page, computed under the lock over the ordered keys from the start point on.</summary>
    public ListingPage Page(string prefix, string? delimiter, int maxKeys, string? after)
    {
        lock (gate)
        {
            var start = ObjectListing.StartKey(prefix, after);
            if (keys.Count == 0 || Utf8KeyComparer.Instance.Compare(start, keys.Max) > 0)
            {
                return ObjectListing.Page([], prefix, delimiter, maxKeys, after);
            }

            var ordered = keys.GetViewBetween(start, keys.Max!).Select(k => objects[k]);
            return ObjectListing.Page(ordered, prefix, delimiter, maxKeys, after);
        }
    }

    public IReadOnlyList<S3StoredObject> All(string prefix)
    {
        lock (gate)
        {
            return keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => objects[k]).ToList();
        }
    }

    public void AddUpload(MultipartUpload upload)
    {
        lock (gate)
        {
            uploads.Add(upload.UploadId, upload);
        }
    }

    public MultipartUpload? FindUpload(string uploadId, string key)
    {
        lock (gate)
        {
            return uploads.TryGetValue(uploadId, out var upload) && upload.Template.Key == key ? upload : null;
        }
    }

    public bool RemoveUpload(string uploadId)
    {
        lock (gate)
        {
            return uploads.Remove(uploadId);
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GapTools.LocalAws.S3.Notifications;

namespace GapTools.LocalAws.S3;

/// <summary>
/// In-memory S3: buckets, objects (byte arrays, up to about 2 GiB each; keep them ≤ 1 GiB) and bucket notifications.
/// Other emulators read objects through <see cref="TryGetObject"/> and <see cref="List"/>; tests may seed objects with
/// <see cref="PutObject"/>. Notifications are handed to <see cref="NotificationSink"/> synchronously, before the
/// request that caused them is answered.
/// </summary>
public sealed class S3Store(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, S3Bucket> buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> deliveryFailures = new();
    private volatile string[] eventBridgeTargets = [];
    private long lastSequencer;

    /// <summary>Region of buckets created without a LocationConstraint by the store API. Defaults to us-east-1.</summary>
    public string Region { get; set; } = S3Defaults.Region;

    /// <summary>Account in EventBridge events and queue ARNs derived from topics. Defaults to 000000000000.</summary>
    public string AccountId { get; set; } = S3Defaults.AccountId;

    /// <summary>
    /// Receives each notification: (SQS queue ARN — or, for EventBridge targets, the name given to
    /// <see cref="SetEventBridgeTarget"/> — and the message body). An exception while saving a configuration fails
    /// PutBucketNotificationConfiguration as AWS does when it cannot deliver the test event; later exceptions are
    /// recorded in <see cref="DeliveryFailures"/> and the event is dropped.
    /// </summary>
    public Action<string, string>? NotificationSink { get; set; }

    /// <summary>Deliveries that threw, as <c>queue: error</c>.</summary>
    public IReadOnlyCollection<string> DeliveryFailures => deliveryFailures.ToArray();

    /// <summary>Queues (names or ARNs) that receive EventBridge events of buckets with an EventBridgeConfiguration.</summary>
    public IReadOnlyList<string> EventBridgeTargets => eventBridgeTargets;

    /// <summary>
    /// Stands in for an EventBridge rule <c>{"source":["aws.s3"]}</c> with SQS targets: every event of every bucket whose
    /// notification configuration enables EventBridge goes to these queues. No arguments turns delivery off.
    /// </summary>
    public void SetEventBridgeTarget(params string[] queueNames) => eventBridgeTargets = [.. queueNames];

    public IReadOnlyCollection<string> BucketNames => buckets.Keys.Order(StringComparer.Ordinal).ToList();

    public bool BucketExists(string bucket) => buckets.ContainsKey(bucket);

    /// <summary>Creates a bucket (no-op when it exists), for seeding tests.</summary>
    public void CreateBucket(string bucket) => buckets.GetOrAdd(bucket, name => new S3Bucket(name, Region, "test", Now()));

    public bool TryGetObject(string bucket, string key, [NotNullWhen(true)] out S3StoredObject? stored)
    {
        stored = null;
        return buckets.TryGetValue(bucket, out var b) && b.TryGet(key, out stored) && stored is not null;
    }

    /// <summary>Objects under a prefix in S3's listing order (UTF-8 bytes).</summary>
    /// <exception cref="Protocols.AwsErrorException">NoSuchBucket.</exception>
    public IReadOnlyList<S3StoredObject> List(string bucket, string prefix = "") => Bucket(bucket).All(prefix);

    /// <summary>Stores an object as PutObject would (notifications included), without HTTP.</summary>
    public S3StoredObject PutObject(string bucket, string key, byte[] data, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        CreateBucket(bucket);
        var stored = NewObject(bucket, key, data, contentType ?? S3Defaults.ContentType);
        Store(stored, S3EventNames.Put, new S3Requester("test", AccountId, Guid.NewGuid().ToString()));
        return stored;
    }

    /// <summary>Deletes an object as DeleteObject would (notifications included), without HTTP.</summary>
    public bool DeleteObject(string bucket, string key) =>
        Remove(Bucket(bucket), key, new S3Requester("test", AccountId, Guid.NewGuid().ToString()));

    internal DateTimeOffset Now() => time.GetUtcNow();

    internal S3StoredObject NewObject(string bucket, string key, ReadOnlyMemory<byte> data, string contentType) => new()
    {
        Bucket = bucket,
        Key = key,
        Data = data,
        ETag = Quote(Md5Hex(data.Span)),
        LastModified = TruncateToSeconds(Now()),
        ContentType = contentType,
    };

#pragma warning disable CA5351 // Not for security: S3 defines the ETag (and Content-MD5) as the MD5 of the bytes.
    internal static string Md5Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(MD5.HashData(data));
#pragma warning restore CA5351

    internal static string Quote(string hex) => $"\"{hex}\"";

    internal static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Offset);

    internal S3Bucket Bucket(string name) =>
        buckets.TryGetValue(name, out var bucket) ? bucket : throw S3Errors.NoSuchBucket(name);

    internal IEnumerable<S3Bucket> Buckets => buckets.Values.OrderBy(b => b.Name, StringComparer.Ordinal);

    /// <summary>Creates a bucket for a CreateBucket request; returns false when the caller already owns it.</summary>
    internal bool TryCreateBucket(string name, string region, string owner)
    {
        var created = new S3Bucket(name, region, owner, Now());
        var existing = buckets.GetOrAdd(name, created);
        if (ReferenceEquals(existing, created))
        {
            return true;
        }

        return existing.Owner == owner ? false : throw S3Errors.BucketAlreadyExists(name);
    }

    internal void DeleteBucket(string name)
    {
        var bucket = Bucket(name);
        if (!bucket.IsEmpty)
        {
            throw S3Errors.BucketNotEmpty(name);
        }

        buckets.TryRemove(name, out _);
    }

    internal void Store(S3StoredObject stored, string eventName, S3Requester requester)
    {
        var bucket = Bucket(stored.Bucket);
        bucket.Put(stored);
        Notify(bucket, new S3ObjectEvent(eventName, bucket.Name, bucket.Region, OwnerId(bucket.Owner), stored.Key,
            stored.Size, stored.ETagHex, NextSequencer(), Now(), requester));
    }

    internal bool Remove(S3Bucket bucket, string key, S3Requester requester)
    {
        if (!bucket.Remove(key))
        {
            return false;
        }

        Notify(bucket, new S3ObjectEvent(S3EventNames.Delete, bucket.Name, bucket.Region, OwnerId(bucket.Owner), key,
            Size: null, ETag: null, NextSequencer(), Now(), requester));
        return true;
    }

    /// <summary>Sends the test event to every destination first; the configuration is saved only if all arrive.</summary>
    internal void SetNotifications(S3Bucket bucket, NotificationConfiguration configuration, S3Requester requester)
    {
        foreach (var delivery in S3NotificationRouter.TestEvents(configuration, bucket.Name, Now(), requester, NewMessageId))
        {
            try
            {
                NotificationSink?.Invoke(delivery.Queue, delivery.Body);
            }
#pragma warning disable CA1031 // Any delivery failure means "destination not reachable", which AWS reports this way.
            catch (Exception e)
#pragma warning restore CA1031
            {
                throw NotificationConfigurationXml.UnableToValidate(delivery.Queue, e.Message);
            }
        }

        bucket.Notifications = configuration;
    }

    private void Notify(S3Bucket bucket, S3ObjectEvent change)
    {
        var sink = NotificationSink;
        foreach (var delivery in S3NotificationRouter.Route(bucket.Notifications, eventBridgeTargets, change, NewMessageId))
        {
            try
            {
                sink?.Invoke(delivery.Queue, delivery.Body);
            }
#pragma warning disable CA1031 // AWS drops an event it cannot deliver; the write that caused it still succeeds.
            catch (Exception e)
#pragma warning restore CA1031
            {
                deliveryFailures.Enqueue($"{delivery.Queue}: {e.Message}");
            }
        }
    }

    /// <summary>Event sequencers: hex, fixed width, strictly increasing across the store (so per key too).</summary>
    internal string NextSequencer()
    {
        var now = Now().UtcTicks;
        long next;
        long seen;
        do
        {
            seen = Interlocked.Read(ref lastSequencer);
            next = Math.Max(seen + 1, now);
        }
        while (Interlocked.CompareExchange(ref lastSequencer, next, seen) != seen);

        return "00" + next.ToString("X16", CultureInfo.InvariantCulture);
    }

    /// <summary>A canonical-user-like id for the bucket owner, stable per access key.</summary>
    internal static string OwnerId(string accessKeyId) =>
        "A" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(accessKeyId)))[..13];

    private static string NewMessageId() => Guid.NewGuid().ToString();
}

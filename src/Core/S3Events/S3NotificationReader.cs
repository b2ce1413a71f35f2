using System.Text.Json;

namespace GapTools.Core.S3Events;

/// <summary>Reads an S3 event notification (<c>{"Records":[...]}</c>); object keys in it are URL-form-encoded.</summary>
internal static class S3NotificationReader
{
    private const string CreatedPrefix = "ObjectCreated:";

    public static void Read(JsonElement root, S3EventSource source, string location, S3EventBatchBuilder batch)
    {
        var name = Path(location, "Records");
        var records = root.GetProperty("Records");
        if (records.ValueKind != JsonValueKind.Array)
        {
            batch.Rejected($"{name} must be an array");
            return;
        }

        if (records.GetArrayLength() == 0)
        {
            batch.Rejected($"{name} is empty");
            return;
        }

        var index = 0;
        foreach (var record in records.EnumerateArray())
        {
            ReadRecord(record, source, $"{name}[{index++}]", batch);
        }
    }

    private static void ReadRecord(JsonElement record, S3EventSource source, string name, S3EventBatchBuilder batch)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            batch.Rejected($"{name} must be an object");
            return;
        }

        var fields = new JsonFieldReader(record, name, []);
        var eventSource = fields.RequiredString("eventSource");
        var eventName = fields.RequiredString("eventName");
        if (eventSource is null || eventName is null)
        {
            batch.Rejected(string.Join("; ", fields.Errors));
            return;
        }

        if (eventSource != "aws:s3")
        {
            batch.Rejected($"{fields.Name("eventSource")} is '{eventSource}', expected 'aws:s3'");
            return;
        }

        if (!eventName.StartsWith(CreatedPrefix, StringComparison.Ordinal))
        {
            // Removals, restores, replication, lifecycle, tagging...: recognised, not loaded.
            var bestEffort = new JsonFieldReader(record, name, []);
            batch.Ignored(new S3EventIgnored(eventName, $"{eventName} is not an object creation", ReadObject(bestEffort)));
            return;
        }

        var s3Object = ReadObject(fields);
        var eventTime = fields.RequiredTime("eventTime");
        var region = fields.OptionalString("awsRegion");
        if (s3Object is null || eventTime is null || fields.Errors.Count > 0)
        {
            batch.Rejected(string.Join("; ", fields.Errors));
            return;
        }

        batch.Created(new S3ObjectCreated(s3Object, eventName, eventTime.Value, source, region));
    }

    private static S3ObjectRef? ReadObject(JsonFieldReader fields)
    {
        var bucket = fields.RequiredString("s3.bucket.name");
        var encodedKey = fields.RequiredString("s3.object.key");
        var size = fields.OptionalInt64("s3.object.size");
        var eTag = fields.OptionalString("s3.object.eTag");
        var versionId = fields.OptionalString("s3.object.versionId");
        var sequencer = fields.OptionalString("s3.object.sequencer");

        string? key = null;
        if (encodedKey is not null)
        {
            key = S3KeyDecoder.TryDecode(encodedKey, out var error);
            if (key is null)
            {
                fields.Errors.Add($"{fields.Name("s3.object.key")} {error}");
            }
        }

        return bucket is null || key is null || fields.Errors.Count > 0
            ? null
            : new S3ObjectRef(bucket, key, size, ETags.Normalize(eTag), versionId, sequencer);
    }

    private static string Path(string location, string field) => location.Length == 0 ? field : $"{location}.{field}";
}

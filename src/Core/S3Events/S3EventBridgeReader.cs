using System.Text.Json;

namespace GapTools.Core.S3Events;

/// <summary>Reads an EventBridge event from S3 (<c>"source":"aws.s3"</c>); its object keys are NOT encoded.</summary>
internal static class S3EventBridgeReader
{
    private const string ObjectCreated = "Object Created";

    public static void Read(JsonElement root, S3EventSource source, string location, S3EventBatchBuilder batch)
    {
        var fields = new JsonFieldReader(root, location, []);
        var eventSource = fields.RequiredString("source");
        var detailType = fields.RequiredString("detail-type");
        if (eventSource is null || detailType is null)
        {
            batch.Rejected(string.Join("; ", fields.Errors));
            return;
        }

        if (eventSource != "aws.s3")
        {
            batch.Rejected($"{fields.Name("source")} is '{eventSource}', expected 'aws.s3'");
            return;
        }

        var reason = fields.OptionalString("detail.reason");
        var eventName = reason is null ? detailType : $"{detailType}:{reason}";
        if (detailType != ObjectCreated)
        {
            // "Object Deleted", "Object Restore Completed", "Object Tags Added", ...: recognised, not loaded.
            var bestEffort = new JsonFieldReader(root, location, []);
            batch.Ignored(new S3EventIgnored(eventName, $"{detailType} is not an object creation", ReadObject(bestEffort)));
            return;
        }

        var s3Object = ReadObject(fields);
        var eventTime = fields.RequiredTime("time");
        var region = fields.OptionalString("region");
        if (s3Object is null || eventTime is null || fields.Errors.Count > 0)
        {
            batch.Rejected(string.Join("; ", fields.Errors));
            return;
        }

        batch.Created(new S3ObjectCreated(s3Object, eventName, eventTime.Value, source, region));
    }

    private static S3ObjectRef? ReadObject(JsonFieldReader fields)
    {
        var bucket = fields.RequiredString("detail.bucket.name");
        var key = fields.RequiredString("detail.object.key");
        var size = fields.OptionalInt64("detail.object.size");
        var eTag = fields.OptionalString("detail.object.etag");
        var versionId = fields.OptionalString("detail.object.version-id");
        var sequencer = fields.OptionalString("detail.object.sequencer");
        return bucket is null || key is null || fields.Errors.Count > 0
            ? null
            : new S3ObjectRef(bucket, key, size, ETags.Normalize(eTag), versionId, sequencer);
    }
}

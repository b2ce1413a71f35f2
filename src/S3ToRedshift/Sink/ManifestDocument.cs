using GapTools.Core;
using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// A COPY manifest: <c>{"entries":[{"url":"s3://b/k","mandatory":true,"meta":{"content_length":n}}]}</c>.
/// Every entry is mandatory, so a missing object fails the COPY instead of silently loading less.
/// </summary>
/// <remarks>https://docs.aws.amazon.com/redshift/latest/dg/loading-data-files-using-manifest.html —
/// <c>meta.content_length</c> is required for columnar formats and harmless for others; written when known.</remarks>
public static class ManifestDocument
{
    /// <summary>Serialises the manifest for <paramref name="entries"/> (UTF-8 JSON).</summary>
    public static byte[] Build(IEnumerable<ManifestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("entries");
            foreach (var entry in entries)
            {
                json.WriteStartObject();
                json.WriteString("url", S3Uri.Format(entry.Bucket, entry.Key));
                json.WriteBoolean("mandatory", true);
                if (entry.Size is { } size)
                {
                    json.WriteStartObject("meta");
                    json.WriteNumber("content_length", size);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The manifest's key: <c>{prefix}yyyy/MM/dd/{batchId}.manifest</c>, dated so a lifecycle rule can expire
    /// leftovers; <paramref name="prefix"/> is used as given (end it with '/').
    /// </summary>
    public static string Key(string prefix, DateTimeOffset now, string batchId)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(batchId);
        return prefix + now.UtcDateTime.ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture) + "/" + batchId + ".manifest";
    }
}

/// <summary>One object of a manifest.</summary>
/// <param name="Bucket">Bucket.</param>
/// <param name="Key">Key (raw).</param>
/// <param name="Size">Size in bytes when known.</param>
public sealed record ManifestEntry(string Bucket, string Key, long? Size);

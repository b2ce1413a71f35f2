using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>
/// Reads a JSON load file: a sequence of JSON values separated by whitespace, one record each (Redshift's format;
/// not a top-level array). 'auto' maps object keys to column names (exactly, or ignoring case with
/// 'auto ignorecase'); JSONPaths pick one value per column. Missing keys load as NULL; nested objects and arrays
/// load as their JSON text. Malformed JSON rejects the rest of the file as one error.
/// </summary>
internal static class JsonRecordReader
{
    public static async IAsyncEnumerable<SourceRecord> ReadAsync(
        Stream stream, S3Url file, JsonFormat format, IReadOnlyList<TargetColumn> columns, IReadOnlyList<JsonPath>? paths,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }

        // Invalid UTF-8 becomes the marker character, so conversion rejects or replaces it per value.
        if (!Utf8.IsValid(bytes))
        {
            bytes = CopyText.Utf8.GetBytes(CopyText.Utf8.GetString(bytes));
        }

        foreach (var record in Split(bytes, file, format, columns, paths))
        {
            yield return record;
        }
    }

    internal static IEnumerable<SourceRecord> Split(
        byte[] bytes, S3Url file, JsonFormat format, IReadOnlyList<TargetColumn> columns, IReadOnlyList<JsonPath>? paths)
    {
        var offset = 0;
        var line = 1L;
        while (true)
        {
            var next = ReadOne(bytes, offset);
            if (next.End)
            {
                yield break;
            }

            line += CountNewlines(bytes, offset, next.Start);
            if (next.Error is not null)
            {
                var rest = CopyText.Utf8.GetString(bytes, next.Start, Math.Min(bytes.Length - next.Start, SourceRecord.RawLineLimit));
                yield return SourceRecord.Rejected(file, line, rest, LoadErrorCodes.Unknown, $"Invalid JSON: {next.Error}");
                yield break;
            }

            // Redshift reports the last line of a multi-line JSON record.
            var lastLine = line + CountNewlines(bytes, next.Start, next.Stop);
            var raw = CopyText.Utf8.GetString(bytes, next.Start, Math.Min(next.Stop - next.Start, SourceRecord.RawLineLimit));
            yield return Map(next.Value, file, lastLine, raw, format, columns, paths);
            line = lastLine;
            offset = next.Stop;
        }
    }

    private static SourceRecord Map(
        JsonElement record, S3Url file, long line, string raw, JsonFormat format, IReadOnlyList<TargetColumn> columns, IReadOnlyList<JsonPath>? paths)
    {
        if (format.Mode == JsonMode.JsonPaths)
        {
            var values = paths!.Select(p => p.Evaluate(record) is { } value ? ToText(value) : null).ToArray();
            return new SourceRecord(file, line, raw, values, null);
        }

        if (record.ValueKind != JsonValueKind.Object)
        {
            return SourceRecord.Rejected(file, line, raw, LoadErrorCodes.Unknown, $"Invalid JSON record: expected an object, found {record.ValueKind}");
        }

        var comparer = format.Mode == JsonMode.AutoIgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var properties = new Dictionary<string, JsonElement>(comparer);
        foreach (var property in record.EnumerateObject())
        {
            properties[property.Name] = property.Value;
        }

        var mapped = columns.Select(c => properties.TryGetValue(c.Name, out var value) ? ToText(value) : null).ToArray();
        return new SourceRecord(file, line, raw, mapped, null);
    }

    internal static string? ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(), // numbers as written; objects and arrays as JSON text
    };

    private readonly record struct NextValue(bool End, int Start, int Stop, JsonElement Value, string? Error);

    private static NextValue ReadOne(byte[] bytes, int offset)
    {
        var reader = new Utf8JsonReader(bytes.AsSpan(offset), new JsonReaderOptions { AllowMultipleValues = true });
        var start = offset;
        try
        {
            if (!reader.Read())
            {
                return new NextValue(true, 0, 0, default, null);
            }

            start = offset + (int)reader.TokenStartIndex;
            using var document = JsonDocument.ParseValue(ref reader);
            return new NextValue(false, start, offset + (int)reader.BytesConsumed, document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return new NextValue(false, Math.Max(start, SkipWhitespace(bytes, offset)), bytes.Length, default, e.Message);
        }
    }

    private static int SkipWhitespace(byte[] bytes, int offset)
    {
        while (offset < bytes.Length && bytes[offset] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            offset++;
        }

        return offset;
    }

    private static int CountNewlines(byte[] bytes, int from, int to) => bytes.AsSpan(from, to - from).Count((byte)'\n');
}

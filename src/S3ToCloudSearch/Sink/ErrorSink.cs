using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using GapTools.Core;
using GapTools.Core.Logging;
using GapTools.S3ToCloudSearch.Acknowledgement;
using GapTools.S3ToCloudSearch.Source;
using Microsoft.Extensions.Logging;

namespace GapTools.S3ToCloudSearch.Sink;

/// <summary>
/// Where error lines go: a warning log line each (the first few per object, then a count), the invalid-lines
/// counter, and, when an errors location is configured, JSON lines files next to it —
/// <c>{prefix}{bucket}/{key}.errors-0001.jsonl</c>, one per megabyte of errors — holding the key, line number,
/// reason and raw line. File names depend only on the object, so reprocessing overwrites rather than duplicates.
/// </summary>
internal sealed partial class ErrorSink(
    IS3ObjectStore? store,
    S3Uri? location,
    S3ToCloudSearchMetrics metrics,
    ILogger logger)
{
    /// <summary>An error file part is written once this many bytes of errors are pending.</summary>
    public const int PartBytes = 1024 * 1024;

    /// <summary>Error lines logged one by one per object; the rest are only counted in the log.</summary>
    public const int LoggedPerObject = 10;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public S3Uri? Location => location;

    public async ValueTask ReportAsync(ObjectProgress source, ErrorRecord record, CancellationToken cancellationToken)
    {
        metrics.InvalidLines.Add(1, new KeyValuePair<string, object?>("kind", record.Kind));
        var errors = source.Errors;
        if (errors.Count() <= LoggedPerObject)
        {
            LogErrorLine(logger, source, record.Line, record.Element, record.Kind, record.Reason);
        }

        if (store is null || location is null)
        {
            return;
        }

        await errors.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Append(errors, source, record);
            if (errors.Pending.WrittenCount >= PartBytes)
            {
                await WritePartAsync(source, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            errors.Gate.Release();
        }
    }

    /// <summary>Writes the object's pending error lines and logs how many were not logged one by one.</summary>
    public async Task FlushAsync(ObjectProgress source, CancellationToken cancellationToken)
    {
        var errors = source.Errors;
        if (errors.Seen > LoggedPerObject)
        {
            LogMoreErrorLines(logger, source, Counted.Of(errors.Seen - LoggedPerObject, "more error line"), errors.Seen);
        }

        if (store is null || location is null)
        {
            return;
        }

        await errors.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (errors.Pending.WrittenCount > 0)
            {
                await WritePartAsync(source, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            errors.Gate.Release();
        }
    }

    /// <summary>The key of an object's n-th error file.</summary>
    public static string PartKey(S3Uri location, string bucket, string key, int part) =>
        string.Create(CultureInfo.InvariantCulture, $"{location.Prefix}{bucket}/{key}.errors-{part:D4}.jsonl");

    private async Task WritePartAsync(ObjectProgress source, CancellationToken cancellationToken)
    {
        var errors = source.Errors;
        var key = PartKey(location!, source.Bucket, source.Key, errors.Parts + 1);
        var content = errors.Pending.WrittenMemory;
        // The S3 client retries transient errors itself; a lasting failure fails the unit, so its message is retried.
        await store!.PutAsync(location!.Bucket, key, content, "application/x-ndjson", cancellationToken).ConfigureAwait(false);
        errors.Parts++;
        errors.Pending.ResetWrittenCount();
    }

    private static void Append(ObjectErrors errors, ObjectProgress source, ErrorRecord record)
    {
        using var writer = new Utf8JsonWriter(errors.Pending, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("bucket", source.Bucket);
        writer.WriteString("key", source.Key);
        writer.WriteNumber("line", record.Line);
        if (record.Element > 0)
        {
            writer.WriteNumber("element", record.Element);
        }

        writer.WriteString("kind", record.Kind);
        writer.WriteString("reason", record.Reason);
        writer.WriteNumber("size", record.Size);
        if (!record.Raw.IsEmpty)
        {
            if (Utf8.IsValid(record.Raw.Span))
            {
                writer.WriteString("raw", record.Raw.Span);
            }
            else
            {
                writer.WriteBase64String("rawBase64", record.Raw.Span);
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        errors.Pending.Write("\n"u8);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Object} line {Line} (element {Element}): {Kind}: {Reason}")]
    private static partial void LogErrorLine(ILogger logger, ObjectProgress @object, long line, long element, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Object}: {More} not logged one by one ({Total} in all)")]
    private static partial void LogMoreErrorLines(ILogger logger, ObjectProgress @object, Counted more, int total);
}

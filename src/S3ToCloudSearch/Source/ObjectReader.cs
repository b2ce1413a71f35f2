using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Amazon.Runtime;
using GapTools.Core.S3Events;
using GapTools.S3ToCloudSearch.Acknowledgement;
using GapTools.S3ToCloudSearch.Batching;
using GapTools.S3ToCloudSearch.Conversion;
using GapTools.S3ToCloudSearch.Sink;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging;

namespace GapTools.S3ToCloudSearch.Source;

/// <summary>
/// One object, start to end: stream it from S3 (<see cref="DocumentReader"/>), convert each document
/// (<see cref="SdfConverter"/>), hand valid ones to the endpoint's <see cref="BatchQueue"/> and report the rest to the
/// <see cref="ErrorSink"/>. Memory stays bounded whatever the object's size.
/// </summary>
internal sealed partial class ObjectReader(IS3ObjectStore store, int maxLineBytes, ErrorSink errors, S3ToCloudSearchMetrics metrics, ILogger logger)
{
    // One converter per concurrent read; they keep their buffers between objects.
    private readonly ConcurrentBag<SdfConverter> converters = [];

    /// <summary>
    /// Reads <paramref name="source"/> to its end, whatever its lines hold, and returns null; or returns the message's
    /// disposition when the object can never be read as configured (access denied).
    /// </summary>
    public async Task<MessageDisposition?> ReadAsync(S3ObjectRef source, ObjectProgress progress, BatchQueue queue, CancellationToken cancellationToken)
    {
        Stream opened;
        try
        {
            // The S3 client retries transient errors itself (the S3 edge's one retry layer).
            opened = await store.OpenAsync(source.Bucket, source.Key, source.VersionId, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Deleted since the event was sent: there is nothing left to index, and retrying cannot change that.
            LogObjectGone(logger, source);
            return null;
        }
        catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            LogObjectUnreadable(logger, source, e.ErrorCode);
            return MessageDisposition.DeadLetter($"{source}: access denied ({e.ErrorCode})");
        }

        var converter = converters.TryTake(out var pooled) ? pooled : new SdfConverter();
        try
        {
            await using var reader = await DocumentReader.OpenAsync(opened, maxLineBytes, cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { Kind: not SourceItemKind.End } item)
            {
                await HandleAsync(item, converter, progress, queue, cancellationToken).ConfigureAwait(false);
            }

            if (progress.LinesWithIgnoredProperties > 0)
            {
                var names = string.Join(", ", progress.IgnoredPropertyNames)
                    + (progress.MoreIgnoredPropertyNames > 0 ? " and more" : "");
                LogPropertiesIgnored(logger, source, progress.LinesWithIgnoredProperties, names);
            }

            return null;
        }
        finally
        {
            converters.Add(converter);
        }
    }

    private async ValueTask HandleAsync(SourceItem item, SdfConverter converter, ObjectProgress progress, BatchQueue queue, CancellationToken cancellationToken)
    {
        switch (item.Kind)
        {
            case SourceItemKind.Document:
                var conversion = converter.Convert(item.Json.Span);
                if (conversion.IsValid)
                {
                    progress.DocumentAdded(conversion.StrippedCharacters, conversion.ReplacedCharacters);
                    metrics.StrippedCharacters.Add(conversion.StrippedCharacters);
                    metrics.ReplacedCharacters.Add(conversion.ReplacedCharacters);
                    if (conversion.IgnoredProperties.Count > 0)
                    {
                        progress.PropertiesIgnored(conversion.IgnoredProperties);
                        metrics.IgnoredProperties.Add(conversion.IgnoredProperties.Count);
                    }

                    await queue.AddAsync(conversion.Document, new DocumentOrigin(progress, item.Line, item.Element), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var kind = conversion.IsOverSizeLimit ? ErrorKinds.TooLarge : ErrorKinds.Invalid;
                    await ReportAsync(progress, new ErrorRecord(kind, item.Line, item.Element, conversion.Error!, item.Size, item.Json.ToArray()), cancellationToken).ConfigureAwait(false);
                }

                break;
            case SourceItemKind.TooLarge:
                var reason = string.Create(CultureInfo.InvariantCulture,
                    $"{item.Size:N0} bytes, over the {maxLineBytes:N0}-byte line limit (CloudSearch takes documents up to 1 MB); skipped unread");
                await ReportAsync(progress, new ErrorRecord(ErrorKinds.TooLarge, item.Line, item.Element, reason, item.Size, default), cancellationToken).ConfigureAwait(false);
                break;
            case SourceItemKind.Malformed:
                await ReportAsync(progress, new ErrorRecord(ErrorKinds.Malformed, item.Line, item.Element, item.Reason!, 0, default), cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask ReportAsync(ObjectProgress progress, ErrorRecord record, CancellationToken cancellationToken)
    {
        progress.LineRejected();
        await errors.ReportAsync(progress, record, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Object}: top-level properties other than id, type and fields were left out of {Lines} documents (as s32cs does): {Names}")]
    private static partial void LogPropertiesIgnored(ILogger logger, S3ObjectRef @object, long lines, string names);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Object} no longer exists; nothing to index")]
    private static partial void LogObjectGone(ILogger logger, S3ObjectRef @object);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Object} cannot be read: {ErrorCode}")]
    private static partial void LogObjectUnreadable(ILogger logger, S3ObjectRef @object, string? errorCode);
}

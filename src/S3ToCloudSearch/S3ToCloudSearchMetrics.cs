using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GapTools.S3ToCloudSearch;

/// <summary>
/// The tool's instruments on the meter <c>GapTools.S3ToCloudSearch</c>: documents, batches and bytes uploaded,
/// invalid lines (by kind), stripped and replaced characters, ignored properties and upload retries.
/// </summary>
internal sealed class S3ToCloudSearchMetrics : IDisposable
{
    public const string MeterName = "GapTools.S3ToCloudSearch";

    /// <summary>Spans (same name as the meter): one <c>UploadDocuments host</c> per batch, with documents, bytes and outcome.</summary>
    public static readonly ActivitySource Activities = new(MeterName);

    private readonly Meter meter;

    public S3ToCloudSearchMetrics(IMeterFactory? meterFactory = null)
    {
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Documents = meter.CreateCounter<long>("gaptools.s3tocloudsearch.documents", "{document}", "Documents CloudSearch acknowledged");
        Batches = meter.CreateCounter<long>("gaptools.s3tocloudsearch.batches", "{batch}", "Batches CloudSearch acknowledged");
        Bytes = meter.CreateCounter<long>("gaptools.s3tocloudsearch.bytes", "By", "Bytes of acknowledged batches");
        BatchBytes = meter.CreateHistogram<long>("gaptools.s3tocloudsearch.batch.size", "By", "Size of each acknowledged batch");
        InvalidLines = meter.CreateCounter<long>("gaptools.s3tocloudsearch.invalid_lines", "{line}", "Lines or documents reported to the error sink");
        StrippedCharacters = meter.CreateCounter<long>("gaptools.s3tocloudsearch.stripped_characters", "{character}", "Characters removed because XML forbids them");
        ReplacedCharacters = meter.CreateCounter<long>("gaptools.s3tocloudsearch.replaced_characters", "{character}", "Invalid UTF-8 bytes and lone surrogates replaced by U+FFFD");
        IgnoredProperties = meter.CreateCounter<long>("gaptools.s3tocloudsearch.ignored_properties", "{property}", "Top-level properties other than id, type and fields, left out of indexed documents");
        Retries = meter.CreateCounter<long>("gaptools.s3tocloudsearch.retries", "{retry}", "Retried calls (uploads and S3 reads)");
    }

    public Counter<long> Documents { get; }

    public Counter<long> Batches { get; }

    public Counter<long> Bytes { get; }

    public Histogram<long> BatchBytes { get; }

    /// <summary>Tagged <c>kind</c>: invalid, too_large, malformed, rejected.</summary>
    public Counter<long> InvalidLines { get; }

    public Counter<long> StrippedCharacters { get; }

    public Counter<long> ReplacedCharacters { get; }

    /// <summary>One per property left out of a document (a line with "version" and "lang" counts two).</summary>
    public Counter<long> IgnoredProperties { get; }

    /// <summary>Tagged <c>operation</c>.</summary>
    public Counter<long> Retries { get; }

    public void Dispose() => meter.Dispose();
}

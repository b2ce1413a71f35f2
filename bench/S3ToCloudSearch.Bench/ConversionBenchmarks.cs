using BenchmarkDotNet.Attributes;
using GapTools.S3ToCloudSearch.Batching;
using GapTools.S3ToCloudSearch.Conversion;
using GapTools.S3ToCloudSearch.Source;

namespace GapTools.S3ToCloudSearch.Bench;

/// <summary>
/// Conversion throughput on one core: the same 32 MB of JSON lines through the naive DOM converter (baseline), the
/// SDF converter, and the tool's whole in-memory path (stream scanning + conversion + batching).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class ConversionBenchmarks
{
    public const int CorpusBytes = 32 * 1024 * 1024;

    private byte[] corpus = [];
    private (int Start, int Length)[] lines = [];
    private readonly SdfConverter converter = new();
    private readonly NaiveConverter naive = new();

    [GlobalSetup]
    public void Setup()
    {
        corpus = Corpus.JsonLines(CorpusBytes);
        lines = Corpus.Lines(corpus);
    }

    [Benchmark(Baseline = true, Description = "naive: JsonNode per line + regex strip")]
    public long Naive()
    {
        long bytes = 0;
        foreach (var (start, length) in lines)
        {
            bytes += naive.Convert(corpus.AsSpan(start, length))?.Length ?? 0;
        }

        return bytes;
    }

    [Benchmark(Description = "SdfConverter per line")]
    public long Converter()
    {
        long bytes = 0;
        foreach (var (start, length) in lines)
        {
            bytes += converter.Convert(corpus.AsSpan(start, length)).Document.Length;
        }

        return bytes;
    }

    [Benchmark(Description = "stream scan + SdfConverter + DocumentBatcher")]
    public async Task<long> ReadConvertBatch()
    {
        long bytes = 0;
        var batcher = new DocumentBatcher();
        await using var reader = await DocumentReader.OpenAsync(new MemoryStream(corpus, writable: false), 2 * SdfLimits.MaxDocumentBytes, CancellationToken.None);
        while ((await reader.ReadAsync(CancellationToken.None)) is { Kind: not SourceItemKind.End } item)
        {
            var result = converter.Convert(item.Json.Span);
            if (result.IsValid && !batcher.TryAdd(result.Document.Span))
            {
                bytes += batcher.ToBatch().Length;
                batcher.Clear();
                batcher.TryAdd(result.Document.Span);
            }
        }

        return bytes + batcher.ToBatch().Length;
    }
}

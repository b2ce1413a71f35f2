using System.IO.Compression;

namespace GapTools.S3ToCloudSearch.Source;

/// <summary>
/// Reads documents from an object's byte stream with bounded memory: gunzips when the bytes start with the gzip
/// magic number (whatever the key's suffix or Content-Encoding say), skips a UTF-8 BOM, and picks JSON lines or a
/// JSON array from the first non-blank byte.
/// </summary>
internal sealed class DocumentReader : IAsyncDisposable
{
    private const int InitialBuffer = 64 * 1024;
    private static readonly byte[] GzipMagic = [0x1f, 0x8b];

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly Stream stream;
    private readonly ByteWindow window;
    private readonly IDocumentScanner scanner;

    private DocumentReader(Stream stream, ByteWindow window, IDocumentScanner scanner, DocumentFormat format, bool gzip)
    {
        this.stream = stream;
        this.window = window;
        this.scanner = scanner;
        Format = format;
        IsGzip = gzip;
    }

    public DocumentFormat Format { get; }

    public bool IsGzip { get; }

    /// <summary>Bytes of (decompressed) data read so far.</summary>
    public long BytesRead => window.Consumed;

    /// <summary>Opens <paramref name="raw"/>; takes ownership of it.</summary>
    /// <param name="maxDocumentBytes">A document (line or array element) longer than this is reported and skipped unbuffered.</param>
    public static async Task<DocumentReader> OpenAsync(Stream raw, int maxDocumentBytes, CancellationToken cancellationToken)
    {
        var magic = new byte[GzipMagic.Length];
        var got = await raw.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        Stream stream = new PrefixedStream(magic.AsMemory(0, got), raw);
        var gzip = got == GzipMagic.Length && magic.AsSpan().SequenceEqual(GzipMagic);
        if (gzip)
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        // Room for the longest document plus a read's worth, so the scanners can see where it ends.
        var window = new ByteWindow(stream, InitialBuffer, maxDocumentBytes + InitialBuffer);
        var (format, blankLines) = await DetectAsync(window, cancellationToken).ConfigureAwait(false);
        IDocumentScanner scanner = format == DocumentFormat.JsonArray
            ? new JsonArrayScanner(window, maxDocumentBytes, blankLines)
            : new JsonLinesScanner(window, maxDocumentBytes, blankLines);
        return new DocumentReader(stream, window, scanner, format, gzip);
    }

    public ValueTask<SourceItem> ReadAsync(CancellationToken cancellationToken) => scanner.ReadAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        window.Dispose();
        await stream.DisposeAsync().ConfigureAwait(false);
    }

    // Consumes a BOM and leading blank space (returning how many lines it spanned) and peeks at the first byte.
    private static async Task<(DocumentFormat Format, long BlankLines)> DetectAsync(ByteWindow window, CancellationToken cancellationToken)
    {
        while (window.Available.Length < 3 && await window.FillAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        if (window.Available.StartsWith(Utf8Bom))
        {
            window.Consume(3);
        }

        long lines = 0;
        while (true)
        {
            var available = window.Available;
            var at = 0;
            while (at < available.Length && available[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                lines += available[at] == (byte)'\n' ? 1 : 0;
                at++;
            }

            window.Consume(at);
            if (!window.Available.IsEmpty)
            {
                return (window.Available[0] == (byte)'[' ? DocumentFormat.JsonArray : DocumentFormat.JsonLines, lines);
            }

            if (!await window.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return (DocumentFormat.JsonLines, lines);
            }
        }
    }
}

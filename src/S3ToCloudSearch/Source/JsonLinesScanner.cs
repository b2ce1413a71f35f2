namespace GapTools.S3ToCloudSearch.Source;

/// <summary>
/// Splits JSON lines (one document per line, <c>\n</c> or <c>\r\n</c>, blank lines skipped). A line longer than
/// the limit is counted and skipped as it streams past, never held whole.
/// </summary>
internal sealed class JsonLinesScanner(ByteWindow window, int maxLineBytes, long linesBefore = 0) : IDocumentScanner
{
    private int pending;
    private long line = linesBefore;

    public async ValueTask<SourceItem> ReadAsync(CancellationToken cancellationToken)
    {
        window.Consume(pending);
        pending = 0;
        var scanned = 0;
        while (true)
        {
            var available = window.Available;
            var newline = available[scanned..].IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                line++;
                pending = length + 1;
                if (length > maxLineBytes)
                {
                    return new SourceItem(SourceItemKind.TooLarge, default, line, 0, length);
                }

                if (Trim(available[..length]) is var (from, count) && count > 0)
                {
                    return new SourceItem(SourceItemKind.Document, window.AvailableMemory.Slice(from, count), line, 0, count);
                }

                window.Consume(pending);
                pending = 0;
                scanned = 0;
                continue;
            }

            scanned = available.Length;
            if (scanned > maxLineBytes)
            {
                return await SkipLongLineAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!await window.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return LastLine();
            }
        }
    }

    private SourceItem LastLine()
    {
        var rest = window.Available;
        pending = rest.Length;
        if (rest.IsEmpty)
        {
            return SourceItem.End;
        }

        line++;
        var (from, count) = Trim(rest);
        return count == 0 ? SourceItem.End : new SourceItem(SourceItemKind.Document, window.AvailableMemory.Slice(from, count), line, 0, count);
    }

    private async ValueTask<SourceItem> SkipLongLineAsync(CancellationToken cancellationToken)
    {
        line++;
        long length = 0;
        while (true)
        {
            var available = window.Available;
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                length += newline;
                pending = newline + 1;
                return new SourceItem(SourceItemKind.TooLarge, default, line, 0, length);
            }

            length += available.Length;
            window.Consume(available.Length);
            if (!await window.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return new SourceItem(SourceItemKind.TooLarge, default, line, 0, length);
            }
        }
    }

    // Leading/trailing whitespace (including the \r of \r\n) is not part of the document.
    private static (int From, int Count) Trim(ReadOnlySpan<byte> text)
    {
        var from = 0;
        var to = text.Length;
        while (from < to && IsWhitespace(text[from]))
        {
            from++;
        }

        while (to > from && IsWhitespace(text[to - 1]))
        {
            to--;
        }

        return (from, to - from);
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}

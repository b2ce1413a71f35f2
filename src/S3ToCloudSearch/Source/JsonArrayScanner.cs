using System.Buffers;

namespace GapTools.S3ToCloudSearch.Source;

/// <summary>
/// Splits a JSON array of documents (or several arrays one after another) into its elements with a structural
/// scan: strings, escapes and nesting are tracked so element boundaries are exact, but values are not parsed
/// (the converter does that, element by element). An element longer than the limit is scanned past and dropped as
/// it streams, never held whole. A broken array structure ends the object with a <see cref="SourceItemKind.Malformed"/>
/// item: nothing after it can be located reliably.
/// </summary>
internal sealed class JsonArrayScanner(ByteWindow window, int maxElementBytes, long linesBefore = 0) : IDocumentScanner
{
    private static readonly SearchValues<byte> Structural = SearchValues.Create("\"{}[]\n"u8);
    private static readonly SearchValues<byte> StringSpecial = SearchValues.Create("\"\\"u8);

    private State state = State.BeforeArray;
    private int pending;
    private long line = 1 + linesBefore;
    private long element;

    private enum State
    {
        BeforeArray,
        ElementOrEnd,
        Element,
        CommaOrEnd,
        Done,
    }

    public async ValueTask<SourceItem> ReadAsync(CancellationToken cancellationToken)
    {
        window.Consume(pending);
        pending = 0;
        while (true)
        {
            var at = SkipWhitespace();
            if (at < 0)
            {
                if (!await window.FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    return state is State.BeforeArray or State.Done ? SourceItem.End : Broken("the data ends inside the array");
                }

                continue;
            }

            var next = window.Available[at];
            switch (state)
            {
                case State.BeforeArray or State.Done when next == (byte)'[':
                    window.Consume(at + 1);
                    state = State.ElementOrEnd;
                    break;
                case State.ElementOrEnd or State.CommaOrEnd when next == (byte)']':
                    window.Consume(at + 1);
                    state = State.Done;
                    break;
                case State.CommaOrEnd when next == (byte)',':
                    window.Consume(at + 1);
                    state = State.Element;
                    break;
                case State.ElementOrEnd or State.Element when next is not ((byte)']' or (byte)','):
                    window.Consume(at);
                    state = State.CommaOrEnd;
                    return await ReadElementAsync(cancellationToken).ConfigureAwait(false);
                default:
                    return Broken($"unexpected '{(char)next}' where {Expected()} was expected");
            }
        }
    }

    // Consumes whitespace (counting lines) and returns the index of the next byte, or -1 when more data is needed.
    private int SkipWhitespace()
    {
        var available = window.Available;
        var at = 0;
        while (at < available.Length && available[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            line += available[at] == (byte)'\n' ? 1 : 0;
            at++;
        }

        window.Consume(at);
        return window.Available.IsEmpty ? -1 : 0;
    }

    private async ValueTask<SourceItem> ReadElementAsync(CancellationToken cancellationToken)
    {
        element++;
        var startLine = line;
        long dropped = 0;
        var scan = new ElementScan();
        while (true)
        {
            var end = scan.Advance(window.Available, ref line);
            if (end >= 0)
            {
                var size = dropped + end;
                if (dropped > 0 || size > maxElementBytes)
                {
                    window.Consume(end);
                    return new SourceItem(SourceItemKind.TooLarge, default, startLine, element, size);
                }

                pending = end;
                return new SourceItem(SourceItemKind.Document, window.AvailableMemory[..end], startLine, element, end);
            }

            if (dropped + scan.Position > maxElementBytes)
            {
                // Too large to keep: drop what was scanned and keep scanning for the element's end.
                dropped += scan.Position;
                window.Consume(scan.Position);
                scan.Position = 0;
            }

            if (!await window.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return Broken($"the data ends inside element #{element}");
            }
        }
    }

    private SourceItem Broken(string reason)
    {
        state = State.Done;
        pending = window.Available.Length;
        return new SourceItem(SourceItemKind.Malformed, default, line, element, 0, $"malformed JSON array at line {line}: {reason}; the rest of the object was not read");
    }

    private string Expected() => state switch
    {
        State.BeforeArray or State.Done => "'['",
        State.ElementOrEnd => "a document or ']'",
        State.Element => "a document",
        _ => "',' or ']'",
    };

    /// <summary>Where the scan of one element stands; survives buffer refills because positions are relative to the window start.</summary>
    private struct ElementScan
    {
        public int Position;
        private int depth;
        private bool inString;
        private bool escaped;
        private bool started;

        /// <summary>Scans on from <see cref="Position"/>; returns the element's length once its end is seen, else -1.</summary>
        public int Advance(ReadOnlySpan<byte> data, ref long line)
        {
            while (Position < data.Length)
            {
                if (inString)
                {
                    if (escaped)
                    {
                        escaped = false;
                        Position++;
                        continue;
                    }

                    var special = data[Position..].IndexOfAny(StringSpecial);
                    if (special < 0)
                    {
                        Position = data.Length;
                        return -1;
                    }

                    Position += special;
                    if (data[Position++] == (byte)'\\')
                    {
                        escaped = true;
                        continue;
                    }

                    inString = false;
                    if (depth == 0)
                    {
                        return Position; // a bare string element
                    }

                    continue;
                }

                if (depth > 0)
                {
                    var structural = data[Position..].IndexOfAny(Structural);
                    if (structural < 0)
                    {
                        Position = data.Length;
                        return -1;
                    }

                    Position += structural;
                }

                var b = data[Position];
                if (!started)
                {
                    started = true;
                }
                else if (depth == 0 && b is (byte)',' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                {
                    return Position; // the end of a bare number or literal
                }

                Position++;
                switch (b)
                {
                    case (byte)'"':
                        inString = true;
                        break;
                    case (byte)'{' or (byte)'[':
                        depth++;
                        break;
                    case (byte)'}' or (byte)']':
                        depth--;
                        if (depth <= 0)
                        {
                            return Position;
                        }

                        break;
                    case (byte)'\n':
                        line++;
                        break;
                }
            }

            return -1;
        }
    }
}

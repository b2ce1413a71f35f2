using System.Runtime.CompilerServices;
using System.Text;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>
/// Reads CSV and delimited-text files record by record. CSV: fields may be quoted (a doubled quote inside is one
/// quote, and quoted fields may span lines). Delimited text: no quoting. An unquoted field equal to the NULL AS
/// string is NULL. IGNOREHEADER skips the first records of each file; blank lines are skipped.
/// </summary>
internal static class TextRecordReader
{
    public static async IAsyncEnumerable<SourceRecord> ReadAsync(
        Stream stream, S3Url file, CopyFormat format, int columnCount, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (delimiter, quote, ignoreHeader, nullAs) = format switch
        {
            CsvFormat csv => (csv.Delimiter, (char?)csv.Quote, csv.IgnoreHeader, csv.Null),
            DelimitedFormat text => (text.Delimiter, (char?)null, text.IgnoreHeader, text.Null),
            _ => throw new ArgumentException($"not a text format: {format}", nameof(format)),
        };

        using var reader = new StreamReader(stream, CopyText.Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        var splitter = new RecordSplitter(reader, delimiter, quote);
        var skipped = 0;
        while (await splitter.NextAsync(cancellationToken).ConfigureAwait(false) is { } record)
        {
            if (skipped < ignoreHeader)
            {
                skipped++;
                continue;
            }

            if (record.Fields.Count == 1 && record.Fields[0].Text.Length == 0 && !record.Fields[0].Quoted && record.Error is null)
            {
                continue; // blank line
            }

            yield return ToSourceRecord(record, file, columnCount, nullAs);
        }
    }

    internal static SourceRecord ToSourceRecord(RawRecord record, S3Url file, int columnCount, string? nullAs)
    {
        if (record.Error is not null)
        {
            return SourceRecord.Rejected(file, record.LineNumber, record.Raw, LoadErrorCodes.InvalidInputLine, record.Error);
        }

        if (record.Fields.Count < columnCount)
        {
            return SourceRecord.Rejected(file, record.LineNumber, record.Raw, LoadErrorCodes.DelimiterNotFound, "Delimiter not found");
        }

        if (record.Fields.Count > columnCount)
        {
            return SourceRecord.Rejected(file, record.LineNumber, record.Raw, LoadErrorCodes.ExtraColumns, "Extra column(s) found");
        }

        var values = record.Fields.Select(f => !f.Quoted && nullAs is not null && f.Text == nullAs ? null : f.Text).ToArray();
        return new SourceRecord(file, record.LineNumber, record.Raw, values, null);
    }

    internal sealed record RawField(string Text, bool Quoted);

    internal sealed record RawRecord(long LineNumber, string Raw, IReadOnlyList<RawField> Fields, string? Error = null);

    /// <summary>A character state machine over a buffered reader; tracks the line each record starts on.</summary>
    internal sealed class RecordSplitter(TextReader reader, char delimiter, char? quote)
    {
        private readonly char[] _buffer = new char[16 * 1024];
        private int _length;
        private int _index;
        private long _line = 1;

        public async ValueTask<RawRecord?> NextAsync(CancellationToken cancellationToken)
        {
            var fields = new List<RawField>();
            var field = new StringBuilder();
            var raw = new StringBuilder();
            var startLine = _line;
            bool any = false, inQuotes = false, quoted = false;
            while (true)
            {
                if (_index == _length && !await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                var c = _buffer[_index++];
                any = true;

                // CRLF files: outside quotes the CR belongs to the line ending, not to the last field.
                if (c == '\r' && !inQuotes && await PeekAsync(cancellationToken).ConfigureAwait(false) == '\n')
                {
                    continue;
                }

                if (c == '\n')
                {
                    _line++;
                    if (!inQuotes)
                    {
                        break;
                    }
                }

                if (raw.Length < SourceRecord.RawLineLimit)
                {
                    raw.Append(c);
                }

                if (inQuotes)
                {
                    if (c != quote)
                    {
                        field.Append(c);
                    }
                    else if (await PeekAsync(cancellationToken).ConfigureAwait(false) == quote)
                    {
                        _index++;
                        field.Append(c);
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else if (c == delimiter)
                {
                    fields.Add(new RawField(field.ToString(), quoted));
                    field.Clear();
                    quoted = false;
                }
                else if (c == quote && field.Length == 0 && !quoted)
                {
                    inQuotes = quoted = true;
                }
                else
                {
                    field.Append(c);
                }
            }

            if (!any)
            {
                return null;
            }

            fields.Add(new RawField(field.ToString(), quoted));
            return new RawRecord(startLine, raw.ToString(), fields, inQuotes ? "Unterminated quoted field at end of file" : null);
        }

        private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
        {
            _length = await reader.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            _index = 0;
            return _length > 0;
        }

        private async ValueTask<char?> PeekAsync(CancellationToken cancellationToken) =>
            _index < _length || await FillAsync(cancellationToken).ConfigureAwait(false) ? _buffer[_index] : null;
    }
}

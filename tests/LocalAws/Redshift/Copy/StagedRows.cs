using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>
/// Accepted rows, spooled as CSV to a temporary file until every file has been read, then loaded with one
/// PostgreSQL <c>COPY … FROM STDIN (FORMAT csv)</c>, so the load is a single statement that either lands
/// completely or not at all.
/// </summary>
internal sealed class StagedRows : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly StreamWriter _writer;

    public StagedRows()
    {
        _file = new FileStream(
            Path.Combine(Path.GetTempPath(), $"gaptools-copy-{Guid.NewGuid():N}.csv"),
            new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous });
        _writer = new StreamWriter(_file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
    }

    public long Count { get; private set; }

    public async Task WriteAsync(IReadOnlyList<string?> values, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            // Unquoted empty is NULL in PostgreSQL CSV; every value is quoted, so "" stays an empty string.
            if (values[i] is { } value)
            {
                line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
        }

        line.Append('\n');
        await _writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        Count++;
    }

    public async Task<long> CopyIntoAsync(NpgsqlConnection connection, TargetTable table, CancellationToken cancellationToken)
    {
        if (Count == 0)
        {
            return 0;
        }

        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        _file.Position = 0;
        var columns = string.Join(", ", table.Columns.Select(c => SqlText.Identifier(c.Name)));
        using var reader = new StreamReader(_file, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        var import = await connection.BeginTextImportAsync($"COPY {table.QualifiedSql} ({columns}) FROM STDIN (FORMAT csv)", cancellationToken).ConfigureAwait(false);
        await using (import.ConfigureAwait(false))
        {
            try
            {
                var buffer = new char[32 * 1024];
                int read;
                while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await import.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            catch when (import is NpgsqlCopyTextWriter cancelable)
            {
                // Disposing a text import completes it; a half-written load must be cancelled instead.
                await cancelable.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }

        return Count;
    }

    /// <summary>The staged rows back as values (null = NULL), in load order.</summary>
    public async IAsyncEnumerable<IReadOnlyList<string?>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        _file.Position = 0;
        using var reader = new StreamReader(_file, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        var splitter = new TextRecordReader.RecordSplitter(reader, ',', '"');
        while (await splitter.NextAsync(cancellationToken).ConfigureAwait(false) is { } record)
        {
            yield return record.Fields.Select(f => f.Quoted ? f.Text : null).ToArray();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }
}

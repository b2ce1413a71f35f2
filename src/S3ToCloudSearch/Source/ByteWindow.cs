using System.Buffers;

namespace GapTools.S3ToCloudSearch.Source;

/// <summary>
/// A sliding window over a stream: a pooled buffer that is refilled as its front is consumed and grows only up to
/// <c>maxCapacity</c>, so memory stays bounded whatever the stream's size.
/// </summary>
internal sealed class ByteWindow(Stream stream, int initialCapacity, int maxCapacity) : IDisposable
{
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(initialCapacity, maxCapacity));
    private int start;
    private int end;

    /// <summary>Bytes read but not consumed yet.</summary>
    public ReadOnlySpan<byte> Available => buffer.AsSpan(start, end - start);

    public ReadOnlyMemory<byte> AvailableMemory => buffer.AsMemory(start, end - start);

    /// <summary>True when the window cannot hold more unconsumed bytes.</summary>
    public bool IsFull => end - start >= maxCapacity;

    /// <summary>True once the stream has ended.</summary>
    public bool AtEnd { get; private set; }

    /// <summary>Bytes consumed since the start of the stream.</summary>
    public long Consumed { get; private set; }

    public void Consume(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, end - start);
        start += count;
        Consumed += count;
        if (start == end)
        {
            start = end = 0;
        }
    }

    /// <summary>
    /// Reads more bytes after the available ones (moving them to the front, growing up to the maximum).
    /// Returns false when the stream has ended or the window is full.
    /// </summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (AtEnd || IsFull)
        {
            return false;
        }

        if (end == buffer.Length)
        {
            MakeRoom();
        }

        var room = Math.Min(buffer.Length - end, maxCapacity - (end - start));
        var read = await stream.ReadAsync(buffer.AsMemory(end, room), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            AtEnd = true;
            return false;
        }

        end += read;
        return true;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }

    // Called when the buffer's end is reached: slide the unconsumed bytes to the front, or grow when there are none to drop.
    private void MakeRoom()
    {
        var length = end - start;
        if (start > 0)
        {
            buffer.AsSpan(start, length).CopyTo(buffer);
        }
        else
        {
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxCapacity, (long)buffer.Length * 2));
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        start = 0;
        end = length;
    }
}

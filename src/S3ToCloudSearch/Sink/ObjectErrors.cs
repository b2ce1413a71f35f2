using System.Buffers;

namespace GapTools.S3ToCloudSearch.Sink;

/// <summary>One object's error lines not yet written to the error location, plus how many were seen and logged.</summary>
internal sealed class ObjectErrors
{
    private int seen;

    /// <summary>Serializes writers: the reader reports invalid lines while the uploader reports refused documents.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>JSON lines waiting to be written as the next part.</summary>
    public ArrayBufferWriter<byte> Pending { get; } = new(4096);

    /// <summary>Parts written so far (the next part's number).</summary>
    public int Parts { get; set; }

    public int Seen => Volatile.Read(ref seen);

    /// <summary>Counts one more error; returns how many there are now.</summary>
    public int Count() => Interlocked.Increment(ref seen);
}

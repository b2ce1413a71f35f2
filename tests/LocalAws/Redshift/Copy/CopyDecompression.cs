using System.IO.Compression;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.ZStandard;
using SharpCompressionMode = SharpCompress.Compressors.CompressionMode;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>Wraps an object's bytes in the decoder its COPY compression option names.</summary>
internal static class CopyDecompression
{
    public static Stream Open(Stream compressed, CopyCompression compression, S3Url file)
    {
        var decoded = compression switch
        {
            CopyCompression.None => compressed,

            // Concatenated gzip members (e.g. appended uploads) decode as one stream, as in Redshift.
            CopyCompression.Gzip => new GZipStream(compressed, CompressionMode.Decompress),
            CopyCompression.Bzip2 => BZip2Stream.Create(compressed, SharpCompressionMode.Decompress, decompressConcatenated: true, leaveOpen: false, tolerateTruncatedStream: false),
            CopyCompression.Zstd => new DecompressionStream(compressed, bufferSize: 0, checkEndOfStream: true, leaveOpen: false),
            _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
        };
        return compression == CopyCompression.None ? decoded : new DecodeErrorStream(decoded, file, compression);
    }

    /// <summary>Reports corrupt or mislabelled input as the load failure Redshift reports, not as a decoder crash.</summary>
    private sealed class DecodeErrorStream(Stream inner, S3Url file, CopyCompression compression) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return inner.Read(buffer, offset, count);
            }
            catch (Exception e) when (e is not OperationCanceledException and not RedshiftCopyException)
            {
                throw Failure(e);
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException and not RedshiftCopyException)
            {
                throw Failure(e);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private RedshiftCopyException Failure(Exception e) =>
            new($"Failed to decompress '{file}' as {compression.ToString().ToUpperInvariant()}: {e.Message}", SqlStates.InternalError, e);
    }
}

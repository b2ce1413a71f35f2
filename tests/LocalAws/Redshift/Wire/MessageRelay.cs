using System.Buffers;
using System.IO.Pipelines;

namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>How a relay direction treats one message type.</summary>
internal enum Inspection
{
    /// <summary>Stream the bytes through as they arrive (a large CopyData is never buffered whole).</summary>
    PassThrough,

    /// <summary>Buffer the whole message and hand it to <see cref="IMessageFilter.HandleAsync"/>.</summary>
    Whole,
}

/// <summary>One direction's view of the stream of typed messages.</summary>
internal interface IMessageFilter
{
    /// <summary>
    /// Called once per message header, in order. Side effects are allowed only when returning
    /// <see cref="Inspection.PassThrough"/>: a <see cref="Inspection.Whole"/> answer may be asked again once more
    /// bytes have arrived.
    /// </summary>
    Inspection Inspect(byte type);

    /// <summary>The bytes to send instead of <paramref name="message"/> (header included), or null to end the relay.</summary>
    ValueTask<byte[]?> HandleAsync(byte type, byte[] message, CancellationToken cancellationToken);
}

/// <summary>Copies typed messages from one side to the other through a filter.</summary>
internal static class MessageRelay
{
    /// <summary>Relays until the input ends, a filter asks to stop, or the output goes away.</summary>
    public static async Task RunAsync(PipeReader input, PipeWriter output, IMessageFilter filter, CancellationToken cancellationToken)
    {
        long passThrough = 0;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            while (true)
            {
                if (passThrough > 0)
                {
                    if (buffer.IsEmpty)
                    {
                        break;
                    }

                    var chunk = Math.Min(passThrough, buffer.Length);
                    Write(output, buffer.Slice(0, chunk));
                    buffer = buffer.Slice(chunk);
                    passThrough -= chunk;
                    continue;
                }

                if (!PgWire.TryReadHeader(buffer, out var type, out var length))
                {
                    break;
                }

                if (length < 4)
                {
                    throw new InvalidDataException($"Message '{(char)type}' has an invalid length {length}.");
                }

                if (filter.Inspect(type) == Inspection.PassThrough)
                {
                    passThrough = 1L + length;
                    continue;
                }

                if (buffer.Length < 1L + length)
                {
                    break;
                }

                var message = buffer.Slice(0, 1 + length).ToArray();
                buffer = buffer.Slice(1 + length);
                if (await filter.HandleAsync(type, message, cancellationToken) is not { } replacement)
                {
                    return;
                }

                output.Write(replacement);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            var flush = await output.FlushAsync(cancellationToken);
            if (result.IsCompleted || flush.IsCompleted)
            {
                return;
            }
        }
    }

    private static void Write(PipeWriter output, ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            output.Write(segment.Span);
        }
    }
}

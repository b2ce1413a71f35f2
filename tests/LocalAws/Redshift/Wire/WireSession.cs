using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>
/// One client connection and its own backend connection. The startup phase is handled here (SSL and GSS
/// encryption are declined so clients fall back to plain TCP; a cancel request is forwarded on a fresh backend
/// connection); after that two relays run until either side closes or the proxy drops the session.
/// </summary>
internal sealed class WireSession(RedshiftWireProxy proxy, Socket client)
{
    private static readonly byte[] Decline = [(byte)'N'];

    private readonly Lock gate = new();
    private Socket? backend;
    private byte[]? cancelRequest;
    private bool dropped;

    public RedshiftWireProxy Proxy { get; } = proxy;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var clientStream = new NetworkStream(client, ownsSocket: false);
        var clientReader = PipeReader.Create(clientStream);
        var clientWriter = PipeWriter.Create(clientStream);
        try
        {
            var startup = await NegotiateAsync(clientReader, clientStream, cancellationToken);
            if (startup is null)
            {
                return;
            }

            var server = await ConnectBackendAsync(cancellationToken);
            using var backendStream = new NetworkStream(server, ownsSocket: false);
            await backendStream.WriteAsync(startup.Raw, cancellationToken);

            var tracker = new CompletionTracker();
            var info = new CopySessionInfo(startup.Database, startup.User);
            var frontend = MessageRelay.RunAsync(clientReader, PipeWriter.Create(backendStream), new FrontendFilter(this, info, tracker), cancellationToken);
            var backendRelay = MessageRelay.RunAsync(PipeReader.Create(backendStream), clientWriter, new BackendFilter(this, tracker), cancellationToken);

            // When one side ends, end the other: a client that hung up must not leave a backend behind.
            await Task.WhenAny(frontend, backendRelay);
            Close();
            await Task.WhenAll(Quietly(frontend), Quietly(backendRelay));
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // The peer went away or the session was dropped: nothing to report.
        }
        finally
        {
            Close();
        }
    }

    /// <summary>
    /// Resets both connections now (RST, no FIN), as a failing cluster node would, and cancels whatever the server
    /// session is running: PostgreSQL only notices a lost client when it next reads or writes, and a node that
    /// goes down does not finish the statement either.
    /// </summary>
    public void Drop()
    {
        byte[]? cancel;
        lock (gate)
        {
            if (dropped)
            {
                return;
            }

            dropped = true;
            cancel = cancelRequest;
            Reset(client);
            if (backend is not null)
            {
                Reset(backend);
            }
        }

        if (cancel is not null)
        {
            _ = SendCancelAsync(cancel);
        }
    }

    /// <summary>Remembers the backend's process id and secret key so <see cref="Drop"/> can cancel its statement.</summary>
    public void OnBackendKeyData(ReadOnlySpan<byte> payload)
    {
        var packet = PgWire.CancelRequest(payload);
        lock (gate)
        {
            cancelRequest = packet;
        }
    }

    /// <summary>Resets the client connection right after accepting it (a cluster refusing connections).</summary>
    public static void Refuse(Socket socket) => Reset(socket);

    private async Task<StartupPacket?> NegotiateAsync(PipeReader reader, NetworkStream stream, CancellationToken cancellationToken)
    {
        while (await ReadStartupPacketAsync(reader, cancellationToken) is { } packet)
        {
            if (packet.IsSslRequest || packet.IsGssEncRequest)
            {
                await stream.WriteAsync(Decline, cancellationToken);
                continue;
            }

            if (packet.IsCancelRequest)
            {
                await ForwardCancelAsync(packet, cancellationToken);
                return null;
            }

            return packet;
        }

        return null;
    }

    private static async Task<StartupPacket?> ReadStartupPacketAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (PgWire.TryReadInt32(buffer, 0, out var length))
            {
                if (length is < 8 or > PgWire.MaxStartupLength)
                {
                    throw new InvalidDataException($"Startup packet length {length} is out of range.");
                }

                if (buffer.Length >= length)
                {
                    var raw = buffer.Slice(0, length).ToArray();
                    reader.AdvanceTo(buffer.GetPosition(length));
                    return StartupPacket.Read(raw);
                }
            }

            if (result.IsCompleted)
            {
                return null;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private Task ForwardCancelAsync(StartupPacket packet, CancellationToken cancellationToken) =>
        CancelAsync(packet.Raw, cancellationToken);

    private async Task CancelAsync(byte[] cancelRequestPacket, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(Proxy.Options.BackendHost, Proxy.Options.BackendPort, cancellationToken);
        await socket.SendAsync(cancelRequestPacket, cancellationToken);

        // The server closes a cancel connection without answering; wait for that so the cancel is delivered.
        await socket.ReceiveAsync(new byte[1], cancellationToken);
    }

    private async Task SendCancelAsync(byte[] cancelRequestPacket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await CancelAsync(cancelRequestPacket, timeout.Token);
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // Best effort: the server may be gone too.
        }
    }

    private async Task<Socket> ConnectBackendAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        lock (gate)
        {
            if (dropped)
            {
                socket.Dispose();
                throw new ObjectDisposedException(nameof(WireSession));
            }

            backend = socket;
        }

        await socket.ConnectAsync(Proxy.Options.BackendHost, Proxy.Options.BackendPort, cancellationToken);
        return socket;
    }

    private void Close()
    {
        lock (gate)
        {
            client.Dispose();
            backend?.Dispose();
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(enable: true, seconds: 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing left to reset.
        }

        socket.Dispose();
    }

    private static async Task Quietly(Task relay)
    {
        try
        {
            await relay;
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // Expected once the other direction has closed the sockets.
        }
    }

    private static bool IsConnectionEnd(Exception e) =>
        e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidDataException;
}

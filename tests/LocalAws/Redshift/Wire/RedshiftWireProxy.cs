using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>
/// A Redshift endpoint on 127.0.0.1: a PostgreSQL wire-protocol proxy in front of a real PostgreSQL server that
/// relays every message byte for byte, except a <c>COPY … FROM 's3://…'</c>, which it replaces with SQL produced
/// by the COPY translator on the same backend session (see README.md). Tests use the fault switches to play a
/// maintenance window or a failover.
/// </summary>
public sealed class RedshiftWireProxy : IAsyncDisposable
{
    private readonly Socket listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<WireSession, Task> sessions = new();
    private readonly Task acceptLoop;
    private volatile bool refuseConnections;
    private int dropNextCopy;
    private int interceptedCopies;
    private int disposed;

    private RedshiftWireProxy(RedshiftWireProxyOptions options, Socket listener)
    {
        Options = options;
        this.listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        acceptLoop = AcceptLoopAsync(stopping.Token);
    }

    public RedshiftWireProxyOptions Options { get; }

    /// <summary>Always the IPv4 loopback address.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The port the proxy listens on (chosen by the OS).</summary>
    public int Port { get; }

    /// <summary>
    /// While true, every new connection is accepted and reset at once, as a cluster in maintenance or failing over
    /// does; existing connections are not touched (see <see cref="DropAllConnections"/>).
    /// </summary>
    public bool RefuseConnections
    {
        get => refuseConnections;
        set => refuseConnections = value;
    }

    /// <summary>
    /// When set, the next COPY from S3 to arrive (on any connection) resets that connection before the statement
    /// reaches the server, i.e. a failure in the middle of a load. Clears itself once used.
    /// </summary>
    public bool DropNextCopy
    {
        get => Volatile.Read(ref dropNextCopy) != 0;
        set => Volatile.Write(ref dropNextCopy, value ? 1 : 0);
    }

    /// <summary>COPY-from-S3 statements seen so far, including one dropped by <see cref="DropNextCopy"/>.</summary>
    public int InterceptedCopyCount => Volatile.Read(ref interceptedCopies);

    /// <summary>Client connections currently open through the proxy.</summary>
    public int ConnectionCount => sessions.Count;

    /// <summary>The cluster's COPY cost model (off unless the cluster's options set one).</summary>
    internal CopyCostClock CopyCost { get; set; } = CopyCostClock.Off;

    /// <summary>Translates COPY from S3; set when a cluster is attached.</summary>
    internal ICopyRewriter CopyRewriter { get; set; } = UnattachedCopyRewriter.Instance;

    /// <summary>Starts listening on a free loopback port.</summary>
    public static RedshiftWireProxy Start(RedshiftWireProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(512);
            return new RedshiftWireProxy(options, listener);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Resets every open connection, client and server side, now.</summary>
    public void DropAllConnections()
    {
        foreach (var session in sessions.Keys)
        {
            session.Drop();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await stopping.CancelAsync();
        listener.Dispose();
        DropAllConnections();
        await Quietly(acceptLoop);
        await Task.WhenAll(sessions.Values.Select(Quietly));
        stopping.Dispose();
    }

    /// <summary>Counts <paramref name="copies"/> intercepted statements; false when the connection must be dropped.</summary>
    internal bool Intercept(int copies)
    {
        Interlocked.Add(ref interceptedCopies, copies);
        return Interlocked.Exchange(ref dropNextCopy, 0) == 0;
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await listener.AcceptAsync(cancellationToken);
            if (refuseConnections)
            {
                WireSession.Refuse(client);
                continue;
            }

            client.NoDelay = true;
            var session = new WireSession(this, client);
            var run = new TaskCompletionSource();
            sessions[session] = run.Task;
            _ = RunSessionAsync(session, run, cancellationToken);
        }
    }

    private async Task RunSessionAsync(WireSession session, TaskCompletionSource done, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            await session.RunAsync(cancellationToken);
        }
        finally
        {
            sessions.TryRemove(session, out _);
            done.TrySetResult();
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping: the listener was closed under the accept loop.
        }
    }
}

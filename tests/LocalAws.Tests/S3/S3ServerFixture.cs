using System.Collections.Concurrent;
using Amazon.S3;
using GapTools.LocalAws.S3;

namespace GapTools.LocalAws.Tests.S3;

/// <summary>One LocalAws server per test class, with a sink that captures every S3 notification.</summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    private LocalAwsServer? server;

    public LocalAwsServer Server => server ?? throw new InvalidOperationException("Fixture not started.");

    /// <summary>The server's clock: frozen (so event times are exact), near real time (so SigV4's skew check passes).</summary>
    public S3ManualClock Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).AddMilliseconds(123));

    /// <summary>(queue, body) of every notification, in delivery order.</summary>
    public ConcurrentQueue<(string Queue, string Body)> Delivered { get; } = new();

    public async ValueTask InitializeAsync()
    {
        server = await LocalAwsServer.StartAsync(new LocalAwsOptions { Time = Clock });
        server.State.S3.NotificationSink = (queue, body) => Delivered.Enqueue((queue, body));
    }

    public AmazonS3Client Client(Action<AmazonS3Config>? configure = null) => Server.CreateS3Client(configure);

    /// <summary>Bodies delivered to one queue.</summary>
    public List<string> To(string queue) => Delivered.Where(d => d.Queue == queue).Select(d => d.Body).ToList();

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

using System.Collections.Concurrent;
using Amazon.S3;
using GapTools.LocalAws.S3;

namespace GapTools.LocalAws.Tests.S3;

/// <summary>One LocalAws server per test class, with a sink that captures every S3 notification.</summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    private LocalAwsServer? server;

    public LocalAwsServer Server => server ?? throw new InvalidOperationException("Fixture not started.");

    /// <summary>(queue, body) of every notification, in delivery order.</summary>
    public ConcurrentQueue<(string Queue, string Body)> Delivered { get; } = new();

    public async ValueTask InitializeAsync()
    {
        server = await LocalAwsServer.StartAsync();
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

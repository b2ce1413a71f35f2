using GapTools.Core.Sqs;
using GapTools.Core.Workers;
using Microsoft.Extensions.Logging.Abstractions;

namespace GapTools.Core.Tests.Workers;

public sealed class S3EventMessageHandlerTests
{
    private sealed class RecordingHandler : IS3ObjectsHandler
    {
        public List<S3ObjectsWork> Seen { get; } = [];

        public Task<MessageDisposition> HandleAsync(S3ObjectsWork work, CancellationToken cancellationToken)
        {
            Seen.Add(work);
            return Task.FromResult(MessageDisposition.Delete);
        }
    }

    private static SqsMessage Message(string body) => new("m-1", "r-1", body, 2, null, new Dictionary<string, string>());

    [Fact]
    public async Task An_unreadable_body_is_dead_lettered_with_the_reason_and_never_reaches_the_tool()
    {
        var tool = new RecordingHandler();
        var handler = new S3EventMessageHandler(tool, NullLogger<S3EventMessageHandler>.Instance);

        var disposition = await handler.HandleAsync(Message("{\"Records\": 5}"), TestContext.Current.CancellationToken);

        Assert.Equal(MessageDispositionKind.DeadLetter, disposition.Kind);
        Assert.Contains("Records", disposition.Reason, StringComparison.Ordinal);
        Assert.Empty(tool.Seen);
    }

    [Fact]
    public async Task A_test_event_is_acknowledged_without_work()
    {
        var tool = new RecordingHandler();
        var handler = new S3EventMessageHandler(tool, NullLogger<S3EventMessageHandler>.Instance);

        var disposition = await handler.HandleAsync(
            Message("""{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-23T10:00:00.000Z","Bucket":"data","RequestId":"r","HostId":"h"}"""),
            TestContext.Current.CancellationToken);

        Assert.Equal(MessageDisposition.Delete, disposition);
        Assert.Empty(tool.Seen);
    }

    [Fact]
    public async Task Created_objects_reach_the_tool_with_their_message()
    {
        var tool = new RecordingHandler();
        var handler = new S3EventMessageHandler(tool, NullLogger<S3EventMessageHandler>.Instance);
        var message = Message("""{"Records":[{"eventSource":"aws:s3","eventTime":"2026-11-23T10:00:00.000Z","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"data"},"object":{"key":"x%27y.json","size":3}}}]}""");

        await handler.HandleAsync(message, TestContext.Current.CancellationToken);

        var work = Assert.Single(tool.Seen);
        Assert.Same(message, work.Message);
        Assert.Equal(2, work.ReceiveCount);
        Assert.Equal("x'y.json", Assert.Single(work.Objects).Object.Key);
    }
}
